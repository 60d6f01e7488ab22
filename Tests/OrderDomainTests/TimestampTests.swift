import Foundation
import OrderDomain
import Testing

@Suite struct TimestampTests {
    @Test func roundTripsWithMicroseconds() throws {
        let stamp = Timestamp(microsecondsSinceEpoch: 1_795_000_000_123_456)
        #expect(stamp.iso8601.hasSuffix(".123456Z"))
        #expect(Timestamp(iso8601: stamp.iso8601) == stamp)
        let data = try JSONEncoder().encode(stamp)
        #expect(try JSONDecoder().decode(Timestamp.self, from: data) == stamp)
    }

    @Test func readsTheSeedsFormWithoutZoneOrFraction() {
        #expect(Timestamp(iso8601: "2024-01-15T10:30:00")?.microsecondsSinceEpoch == 1_705_314_600_000_000)
        #expect(Timestamp(iso8601: "2024-01-15T10:30:00.5Z")?.microsecondsSinceEpoch == 1_705_314_600_500_000)
        #expect(Timestamp(iso8601: "2024-01-15T12:30:00+02:00")?.microsecondsSinceEpoch == 1_705_314_600_000_000)
    }

    @Test func refusesGarbage() {
        #expect(Timestamp(iso8601: "yesterday") == nil)
        #expect(Timestamp(iso8601: "2024-13-15T10:30:00") == nil)
        #expect(Timestamp(iso8601: "2024-01-15T10:30:00.") == nil)
        #expect(Timestamp(iso8601: "2024-01-15T10:30:00Zjunk") == nil)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Timestamp.self, from: Data(#""nope""#.utf8)) }
    }

    @Test func writesEveryFieldZeroPaddedAsTheFormatSays() {
        // 0001-02-03T04:05:06.000007Z: every field below its width.
        let early = Timestamp(microsecondsSinceEpoch: -62_132_730_894_000_000 + 7)
        #expect(early.iso8601 == "0001-02-03T04:05:06.000007Z")
        #expect(Timestamp(iso8601: "9999-12-31T23:59:59.999999Z")?.iso8601 == "9999-12-31T23:59:59.999999Z")
        var bytes = Array("x".utf8)
        early.writeISO8601(into: &bytes)
        #expect(bytes == Array("x0001-02-03T04:05:06.000007Z".utf8))
    }

    @Test func handlesInstantsBeforeTheEpoch() {
        let stamp = Timestamp(microsecondsSinceEpoch: -1)
        #expect(stamp.iso8601 == "1969-12-31T23:59:59.999999Z")
        #expect(Timestamp(iso8601: stamp.iso8601) == stamp)
    }
}
