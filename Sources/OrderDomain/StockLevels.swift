/// Stock per item, and the parser for `pizza=100,burger=100` given on a
/// command line or in the environment.
public struct StockLevels: Sendable, Hashable, Codable {
    public var quantities: [String: Int]

    public init(_ quantities: [String: Int]) {
        self.quantities = quantities
    }

    /// The seeds' default: 100 each of pizza, burger, salad and sandwich.
    /// So much pizza that no benchmark's orders run out of it.
    public static let benchmark = StockLevels(["pizza": 100_000_000])

    public static let campusDefault = StockLevels(["pizza": 100, "burger": 100, "salad": 100, "sandwich": 100])

    public subscript(itemID: String) -> Int? {
        quantities[itemID]
    }

    /// Sum over every item.
    public var total: Int { quantities.values.reduce(0, +) }

    /// The `item=quantity,…` form ``init(parsing:)`` reads, sorted by item:
    /// what the lab passes to a service's `--stock`.
    public var argument: String {
        quantities.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// Parses `item=quantity` pairs separated by commas.
    public init(parsing text: String) throws(StockLevelsParseError) {
        var quantities: [String: Int] = [:]
        for pair in text.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces() }
            guard parts.count == 2, !parts[0].isEmpty else { throw .malformedPair(String(pair)) }
            guard let quantity = Int(parts[1]), quantity >= 0 else {
                throw .invalidQuantity(item: parts[0], text: parts[1])
            }
            quantities[parts[0]] = quantity
        }
        guard !quantities.isEmpty else { throw .empty }
        self.init(quantities)
    }
}

/// Why a stock specification could not be read.
public enum StockLevelsParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case malformedPair(String)
    case invalidQuantity(item: String, text: String)

    public var description: String {
        switch self {
        case .empty: "stock must list at least one item, as item=quantity[,item=quantity...]"
        case .malformedPair(let pair): "'\(pair)' is not of the form item=quantity"
        case .invalidQuantity(let item, let text): "stock of '\(item)' must be a whole number ≥ 0, got '\(text)'"
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
