/// Strict JSON read field by field straight from a message's bytes, for the
/// fast path of the events' decoding (see ``OrderPlaced/init(fastJSON:)``):
/// no tree of values is built, and only the fields an event keeps become
/// Swift values (a profile of part C's analytics showed the tree's
/// allocations, one per object, array, string and number, as half of all
/// its allocations). Every value is still checked against JSON's grammar,
/// skipped ones included. It gives up — returns nil or false — on anything
/// it does not handle itself (escaped strings, deep nesting, invalid UTF-8,
/// malformed input); the caller then decodes with `JSONDecoder`, whose
/// verdict and error message stand. So it only ever speeds up what
/// `JSONDecoder` accepts.
struct JSONScanner {
    static let maximumDepth = 32

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Runs `read` over `bytes`; nil unless `read` succeeds and only whitespace follows.
    static func scan<T>(_ bytes: UnsafeBufferPointer<UInt8>, _ read: (inout JSONScanner) -> T?) -> T? {
        var scanner = JSONScanner(bytes: bytes)
        guard let value = read(&scanner) else { return nil }
        scanner.skipWhitespace()
        return scanner.index == bytes.count ? value : nil
    }

    /// A field's name, as it stands in the bytes; matched against names with `case "order_id":`.
    struct Key {
        let bytes: UnsafeBufferPointer<UInt8>

        static func ~= (name: StaticString, key: Key) -> Bool {
            name.withUTF8Buffer { $0.elementsEqual(key.bytes) }
        }
    }

    /// Reads an object, handing each field's name to `field`, which must read
    /// or skip its value and says whether it could.
    mutating func object(depth: Int, _ field: (inout JSONScanner, Key) -> Bool) -> Bool {
        skipWhitespace()
        guard depth <= Self.maximumDepth, next(is: "{") else { return false }
        index += 1
        skipWhitespace()
        if next(is: "}") {
            index += 1
            return true
        }
        while true {
            skipWhitespace()
            guard let name = stringBytes() else { return false }
            skipWhitespace()
            guard next(is: ":") else { return false }
            index += 1
            guard field(&self, Key(bytes: name)) else { return false }
            skipWhitespace()
            if next(is: ",") {
                index += 1
            } else if next(is: "}") {
                index += 1
                return true
            } else {
                return false
            }
        }
    }

    /// Reads an array, `element` reading each of its values.
    mutating func array(depth: Int, _ element: (inout JSONScanner) -> Bool) -> Bool {
        skipWhitespace()
        guard depth <= Self.maximumDepth, next(is: "[") else { return false }
        index += 1
        skipWhitespace()
        if next(is: "]") {
            index += 1
            return true
        }
        while true {
            guard element(&self) else { return false }
            skipWhitespace()
            if next(is: ",") {
                index += 1
            } else if next(is: "]") {
                index += 1
                return true
            } else {
                return false
            }
        }
    }

    /// A string without escapes or control characters, valid UTF-8.
    mutating func string() -> String? {
        stringBytes().map { String(decoding: $0, as: UTF8.self) }
    }

    /// A string's bytes, checked as ``string()`` checks them, without making a `String`.
    mutating func stringBytes() -> UnsafeBufferPointer<UInt8>? {
        skipWhitespace()
        guard next(is: "\"") else { return nil }
        index += 1
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                // ASCII is valid UTF-8 as it stands; anything else is validated.
                if !ascii, String(validating: text, as: UTF8.self) == nil { return nil }
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            ascii = ascii && byte < 0x80
            index += 1
        }
        return nil
    }

    /// Reads `null` if it comes next; otherwise reads nothing.
    mutating func null() -> Bool {
        skipWhitespace()
        return literal("null")
    }

    /// An integer literal (no fraction, no exponent) that fits an `Int`.
    mutating func integer() -> Int? {
        guard let text = numberBytes() else { return nil }
        let negative = text[0] == UInt8(ascii: "-")
        var value = 0
        for byte in text.dropFirst(negative ? 1 : 0) {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let digit = Int(byte - UInt8(ascii: "0"))
            let (sum, overflowSum) =
                negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflowTimes, !overflowSum else { return nil }
            value = sum
        }
        return value
    }

    /// Any number literal, if it is finite as a `Double`.
    mutating func double() -> Double? {
        guard let text = numberBytes(), let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite
        else { return nil }
        return value
    }

    /// Passes over one value of any kind, checking it as strictly as if it were read.
    mutating func skipValue(depth: Int) -> Bool {
        guard depth <= Self.maximumDepth else { return false }
        skipWhitespace()
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "{"): return object(depth: depth) { scanner, _ in scanner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["): return array(depth: depth) { $0.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""): return stringBytes() != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return numberBytes() != nil
        }
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func next(is character: Unicode.Scalar) -> Bool {
        index < bytes.count && bytes[index] == UInt8(ascii: character)
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    private mutating func numberBytes() -> UnsafeBufferPointer<UInt8>? {
        skipWhitespace()
        let start = index
        if next(is: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { return nil }
        if next(is: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if next(is: ".") {
            index += 1
            guard digits() else { return nil }
        }
        if next(is: "e") || next(is: "E") {
            index += 1
            if next(is: "+") || next(is: "-") { index += 1 }
            guard digits() else { return nil }
        }
        return UnsafeBufferPointer(rebasing: bytes[start..<index])
    }

    private mutating func digits() -> Bool {
        let start = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        return index > start
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
