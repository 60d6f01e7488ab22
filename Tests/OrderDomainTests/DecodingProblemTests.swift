import OrderDomain
import Testing

/// A dead letter's reason says what was wrong in the lab's words, not the decoder's debug description.
@Suite struct DecodingProblemTests {
    func reason(_ body: String) -> String {
        do {
            _ = try OrderPlaced.decode(Array(body.utf8))
            return "decoded"
        } catch {
            return error.description
        }
    }

    @Test func notJSONSaysSo() {
        let text = reason("{this is not an event")
        #expect(text.hasPrefix("not a decodable event: not JSON"), "\(text)")
        #expect(!text.contains("DecodingError"))
    }

    @Test func aMissingFieldIsNamed() {
        let text = reason(#"{"event_type":"OrderPlaced","user_id":"u","items":[],"total_amount":1,"status":"placed"}"#)
        #expect(text.contains("missing field 'order_id'"), "\(text)")
    }

    @Test func aFieldOfTheWrongTypeIsNamedWithWhatItShouldBe() {
        let text = reason(
            #"{"event_type":"OrderPlaced","order_id":"o","user_id":"u","items":[{"item_id":"pizza","quantity":"two","price":1}],"total_amount":1,"status":"placed","timestamp":"2026-12-02T10:00:00Z"}"#
        )
        #expect(text.contains("'items[0].quantity' is not a whole number"), "\(text)")
    }
}
