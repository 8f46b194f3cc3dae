namespace Harness.Core.Schedule;

/// <summary>The word lists token texts are drawn from.</summary>
internal static class TokenVocabulary
{
    public static readonly string[] English =
    [
        " the", " stream", " of", " tokens", " arrives", " on", " time", " and", " a", " model",
        " answers", " with", " care", ",", ".", " while", " clients", " measure", " latency", " in",
        " every", " chunk", " server", " sent", " events", " flow", " over", " HTTP", " socket", " frames",
        " quick", " brown", " fox", " jumps", " lazy", " dog", " harness", " benchmark", " is", " fair",
    ];

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
