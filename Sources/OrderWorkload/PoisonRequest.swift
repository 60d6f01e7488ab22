import OrderDomain

/// Bad input as a broken client or producer sends it: each must get a clear
/// error (a request) or land in the dead letters (a message), and lose nothing.
public struct PoisonRequest: Sendable {
    public var name: String
    public var body: String

    public static let all = [
        PoisonRequest(name: "malformed JSON", body: #"{"user_id": "poison", "items": [{"item_id": "pizza""#),
        PoisonRequest(name: "negative quantity", body: #"{"user_id":"poison","item":"pizza","quantity":-2}"#),
        PoisonRequest(name: "missing user_id", body: #"{"item":"pizza","quantity":1}"#),
        PoisonRequest(
            name: "oversized body",
            body: #"{"user_id":"poison","item":"pizza","quantity":1,"padding":""#
                + String(repeating: "x", count: OrderLimits.standard.maxBodyBytes) + #""}"#),
    ]
}
