import Foundation

/// Number formatting shared by reports and progress output.
public enum Format {
    /// `0.412 ms`, `12.3 ms`, `2003 ms`: three significant figures below 100 ms.
    public static func milliseconds(_ value: Double) -> String {
        switch value {
        case ..<1: String(format: "%.3f ms", value)
        case ..<10: String(format: "%.2f ms", value)
        case ..<100: String(format: "%.1f ms", value)
        default: String(format: "%.0f ms", value)
        }
    }

    public static func decimal(_ value: Double, places: Int = 1) -> String {
        String(format: "%.\(places)f", value)
    }

    /// `value` as a whole percentage of `ceiling`, e.g. "14 %".
    public static func share(_ value: Double, of ceiling: Double) -> String {
        "\(decimal(100 * value / ceiling, places: 0)) %"
    }

    /// A figure for a report: whole numbers without decimals, others with two.
    public static func figure(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? count(Int(value)) : decimal(value, places: 2)
    }

    /// `12,345` with thousands separators.
    public static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }
}
