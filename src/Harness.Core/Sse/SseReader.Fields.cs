using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Harness.Core.Sse;

// Field rules, dispatch and the reader's pooled buffers, applied to the lines SseReader.Lines.cs
// splits. Spec quotes are from the WHATWG HTML standard, section "Interpreting an event stream".
public sealed partial class SseReader
{
    /// <summary>Applies one line; true when it dispatched an event.</summary>
    private bool ProcessLine(ReadOnlySpan<byte> line, int lineStartInSource)
    {
        // Spec: "If the line is empty (a blank line): Dispatch the event."
        if (line.IsEmpty)
        {
            return Dispatch();
        }

        // Spec: "If the line starts with a U+003A COLON character (:): Ignore the line."
        if (line[0] == (byte)':')
        {
            return false;
        }

        if (_eventStartOffset < 0)
        {
            _eventStartOffset = _sourceOffset + lineStartInSource;
        }

        // The usual field first: "data: " takes the rule below with field "data" and one space
        // removed, without searching for the colon.
        if (StartsWithDataPrefix(line))
        {
            AppendData(line[DataPrefixLength..], lineStartInSource + DataPrefixLength);
            return false;
        }

        // Spec: "If the line contains a U+003A COLON character (:): Collect the characters on the
        // line before the first U+003A COLON character (:), and let field be that string. Collect
        // the characters on the line after the first U+003A COLON character (:), and let value be
        // that string. If value starts with a U+0020 SPACE character, remove it from value."
        // "Otherwise, the string is not empty but does not contain a U+003A COLON character (:):
        // Process the field using the whole line as the field name, and the empty string as the
        // field value."
        ReadOnlySpan<byte> name;
        ReadOnlySpan<byte> value;
        int valueStart;
        int colon = line.IndexOf((byte)':');
        if (colon >= 0)
        {
            name = line[..colon];
            valueStart = colon + 1;
            if (valueStart < line.Length && line[valueStart] == (byte)' ')
            {
                valueStart++;
            }

            value = line[valueStart..];
        }
        else
        {
            name = line;
            valueStart = line.Length;
            value = default;
        }

        // Field names are compared as bytes: case-sensitive, and a name with invalid UTF-8
        // (which would decode to U+FFFD) matches none of them. Spec: "Otherwise: The field is
        // ignored."
        switch (name.Length)
        {
            case 4 when name.SequenceEqual("data"u8):
                AppendData(value, lineStartInSource + valueStart);
                break;
            case 5 when name.SequenceEqual("event"u8):
                // Spec: "Set the event type buffer to field value."
                CopyInto(ref _eventType, value);
                _eventTypeLength = value.Length;
                break;
            case 2 when name.SequenceEqual("id"u8):
                // Spec: "If the field value does not contain U+0000 NULL, then set the last event
                // ID buffer to the field value. Otherwise, ignore the field."
                if (!value.Contains((byte)0))
                {
                    CopyInto(ref _lastEventIdBuffer, value);
                    _lastEventIdBufferLength = value.Length;
                    _lastEventIdBufferSet = true;
                }

                break;
            case 5 when name.SequenceEqual("retry"u8):
                // Spec: "If the field value consists of only ASCII digits, then interpret the field
                // value as an integer in base ten, and set the event stream's reconnection time
                // to that integer. Otherwise, ignore the field." An empty value or one too large
                // for a long is ignored.
                if (TryParseDigits(value, out long ms))
                {
                    ReconnectionTime = TimeSpan.FromMilliseconds(ms);
                }

                break;
        }

        return false;
    }

    /// <summary>
    /// Spec: "Append the field value to the data buffer, then append a single U+000A LINE FEED (LF)
    /// character to the data buffer." Stored without the trailing LF, which dispatch would remove.
    /// </summary>
    private void AppendData(ReadOnlySpan<byte> value, int valueStartInSource)
    {
        if (!_hasData)
        {
            // First data line of the event: keep it where it is. Most events have one data line,
            // and if the blank line is in the same buffer the data is never copied.
            _hasData = true;
            _dataSliceStart = valueStartInSource;
            _dataLength = value.Length;
            return;
        }

        if (_dataSliceStart >= 0)
        {
            DetachDataSlice();
        }

        int newLength = _dataLength + 1 + value.Length;
        if (newLength > _maxEventSize)
        {
            ThrowTooLarge(_sourceOffset + valueStartInSource + (_maxEventSize - _dataLength - 1));
        }

        EnsureCapacity(ref _data, newLength, _dataLength);
        _data[_dataLength] = Lf;
        value.CopyTo(_data.AsSpan(_dataLength + 1));
        _dataLength = newLength;
    }

    /// <summary>Copies a data line still referenced in the input buffer into the data buffer.</summary>
    private void DetachDataSlice()
    {
        Debug.Assert(_dataSliceStart >= 0);
        EnsureCapacity(ref _data, _dataLength, 0);
        SourceSpan.Slice(_dataSliceStart, _dataLength).CopyTo(_data);
        _dataSliceStart = -1;
    }

    /// <summary>
    /// Spec: "When the user agent is required to dispatch the event, the user agent must process
    /// the data buffer, the event type buffer, and the last event ID buffer".
    /// </summary>
    private bool Dispatch()
    {
        // Spec: "Set the last event ID string of the event source to the value of the last event
        // ID buffer. The buffer does not get reset". Done before the empty-data check, so an event
        // without data still sets the last event ID.
        if (_lastEventIdBufferSet
            && !EventTypeOrIdEquals(_lastEventIdUtf8, _lastEventIdUtf8Length, _lastEventIdBuffer.AsSpan(0, _lastEventIdBufferLength)))
        {
            CopyInto(ref _lastEventIdUtf8, _lastEventIdBuffer.AsSpan(0, _lastEventIdBufferLength));
            _lastEventIdUtf8Length = _lastEventIdBufferLength;
            _lastEventIdString = null;
        }

        _lastEventIdBufferSet = false;

        // Spec: "If the data buffer is an empty string, set the data buffer and the event type
        // buffer to the empty string and return." (No data line at all: a data line with an empty
        // value leaves "\n" in the spec's buffer, which is not empty.)
        if (!_hasData)
        {
            ResetEvent();
            return false;
        }

        // Spec: "If the data buffer's last character is a U+000A LINE FEED (LF) character, then
        // remove the last character from the data buffer." (Never stored; see AppendData.)
        if (_dataSliceStart >= 0)
        {
            DispatchSourceSlice(_dataSliceStart, _dataLength);
        }
        else
        {
            _dispatchedArray = _data;
            _dispatchedOffset = 0;
            _dispatchedLength = _dataLength;
        }

        // Spec: "Initialize event's type attribute to "message" ... If the event type buffer has
        // a value other than the empty string, change the type of the newly created event to
        // equal the value of the event type buffer."
        var type = _eventTypeLength > 0 ? _eventType.AsSpan(0, _eventTypeLength) : s_messageUtf8;
        if (!(_eventTypeLength == 0 && ReferenceEquals(_dispatchedTypeString, DefaultEventType))
            && !EventTypeOrIdEquals(_dispatchedType, _dispatchedTypeLength, type))
        {
            CopyInto(ref _dispatchedType, type);
            _dispatchedTypeLength = type.Length;
            _dispatchedTypeString = _eventTypeLength > 0 ? null : DefaultEventType;
        }

        _eventCount++;
        ResetEvent();
        return true;
    }

    /// <summary>
    /// Spec: "set the data buffer and the event type buffer to the empty string". The last event
    /// ID buffer is kept.
    /// </summary>
    private void ResetEvent()
    {
        _hasData = false;
        _dataSliceStart = -1;
        _dataLength = 0;
        _eventTypeLength = 0;
        _eventStartOffset = -1;
    }

    private static bool EventTypeOrIdEquals(byte[] current, int currentLength, ReadOnlySpan<byte> other) =>
        current.AsSpan(0, currentLength).SequenceEqual(other);

    private static bool TryParseDigits(ReadOnlySpan<byte> value, out long result)
    {
        result = 0;
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (byte b in value)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9)
            {
                return false;
            }

            if (result > (long.MaxValue - digit) / 10)
            {
                return false;
            }

            result = (result * 10) + digit;
        }

        return true;
    }

    private static void CopyInto(ref byte[] target, ReadOnlySpan<byte> value)
    {
        EnsureCapacity(ref target, value.Length, 0);
        value.CopyTo(target);
    }

    /// <summary>Grows a pooled array to at least <paramref name="needed"/>, keeping its first <paramref name="keep"/> bytes.</summary>
    private static void EnsureCapacity(ref byte[] array, int needed, int keep)
    {
        if (array.Length >= needed)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, array.Length * 2));
        array.AsSpan(0, keep).CopyTo(bigger);
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        array = bigger;
    }

    [DoesNotReturn]
    [StackTraceHidden]
    private void ThrowTooLarge(long offset) =>
        throw new SseEventTooLargeException(_maxEventSize, offset, _eventStartOffset >= 0 ? _eventStartOffset : offset - _maxEventSize);
}
