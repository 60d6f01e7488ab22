import Foundation

/// The seeds' `OrderPlaced` as a consumer written from seed 003 reads it:
/// a plain JSON object with exactly the documented field list and JSON types,
/// nothing of commlab's own types. Used to check that what commlab writes
/// can be read by such a consumer.
public enum SeedEventFormat {
    /// Seed 003's example, verbatim.
    public static let orderPlacedExample = #"""
        {"event_type": "OrderPlaced", "order_id": "order_000001", "user_id": "user_123", "items": [{"item_id": "burger", "quantity": 2, "price": 10.0}], "total_amount": 20.0, "status": "placed", "timestamp": "2024-01-15T10:30:00"}
        """#

    /// The top-level fields the seed's consumers read.
    public static let orderPlacedFields = [
        "event_type", "order_id", "user_id", "items", "total_amount", "status", "timestamp",
    ]

    /// What a seed consumer would find wrong with `body` as an `OrderPlaced`;
    /// empty when it can read every field it expects.
    public static func problems(readingOrderPlaced body: some Collection<UInt8>) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            return ["not a JSON object"]
        }
        var problems: [String] = []
        func expect(_ field: String, _ valid: (Any) -> Bool, _ what: String) {
            guard let value = object[field] else {
                problems.append("\(field) missing")
                return
            }
            if !valid(value) { problems.append("\(field) is not \(what)") }
        }
        expect("event_type", { ($0 as? String) == "OrderPlaced" }, "\"OrderPlaced\"")
        expect("order_id", { !(($0 as? String) ?? "").isEmpty }, "a non-empty string")
        expect("user_id", { $0 is String }, "a string")
        expect("total_amount", isNumber, "a number")
        expect("status", { ["placed", "failed"].contains($0 as? String ?? "") }, "placed or failed")
        expect("timestamp", { Timestamp(iso8601: $0 as? String ?? "") != nil }, "an ISO-8601 time")
        expect(
            "items",
            { value in
                guard let items = value as? [[String: Any]], !items.isEmpty else { return false }
                return items.allSatisfy { item in
                    item["item_id"] is String && isInteger(item["quantity"]) && isNumber(item["price"] as Any)
                }
            }, "a non-empty list of {item_id, quantity, price}")
        return problems
    }

    /// A JSON number, not `true`/`false` (which Foundation also hands out as an NSNumber).
    private static func isNumber(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) != "c"
    }

    private static func isInteger(_ value: Any?) -> Bool {
        guard let number = value as? NSNumber, isNumber(number) else { return false }
        return number.doubleValue == number.doubleValue.rounded()
    }
}
