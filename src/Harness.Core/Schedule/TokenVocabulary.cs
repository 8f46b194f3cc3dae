namespace Harness.Core.Schedule;

/// <summary>The word lists token texts are drawn from.</summary>
internal static class TokenVocabulary
{
    /// <summary>
    /// Each entry is one token in o200k_base and cl100k_base, and so is each pair of them except two
    /// marks in a row (",." is one token): <see cref="TokenSchedule.TokenTexts"/> never puts a mark
    /// after a mark, so a tokenizer counts exactly as many tokens in English text as the fake reports.
    /// </summary>
    public static readonly string[] English =
    [
        " the", " stream", " of", " tokens", " arrives", " on", " time", " and", " a", " model",
        " answers", " with", " care", ",", ".", " while", " clients", " measure", " latency", " in",
        " every", " chunk", " server", " sent", " events", " flow", " over", " HTTP", " socket", " frames",
        " quick", " brown", " fox", " jumps", " lazy", " dog", " harness", " benchmark", " is", " fair",
    ];

    /// <summary>The entries of <see cref="English"/> that are not marks.</summary>
    public static readonly string[] EnglishWords = [.. English.Where(w => !IsMark(w))];

    /// <summary>Whether <paramref name="text"/> is a punctuation mark of <see cref="English"/>.</summary>
    public static bool IsMark(string text) => text is "," or ".";

    public static readonly string[] Thai =
    [
        "สวัสดี", "ครับ", "ค่ะ", "ภาษา", "ไทย", "การ", "ทดสอบ", "ระบบ", "ข้อมูล", "เร็ว",
        "มาก", "ที่", "และ", "ของ", "ใน", "เป็น", "ได้", "ให้", "ไม่", "จะ",
        "กรุงเทพ", "น้ำ", "ใจ", "ความ", "รู้", "คอมพิวเตอร์", "เครือข่าย", "ส่ง", "รับ", "ผล",
    ];

    public static readonly string[] Emoji =
    [
        "😀", "🚀", "🔥", "👍🏽", "👩‍💻", "👨‍👩‍👧‍👦", "🇹🇭", "🇺🇸", "❤️", "🎉",
        "🤖", "⚡", "🧪", "📈", "🙏🏿", "🏳️‍🌈", "🐍", "🦀", "☕", "✅",
    ];
}
