import OrderDomain
import Testing

@Suite struct StockLevelsTests {
    @Test func parsesPairs() throws {
        #expect(try StockLevels(parsing: "pizza=100, burger = 5") == StockLevels(["pizza": 100, "burger": 5]))
    }

    @Test func argumentIsWhatParsingReads() throws {
        let levels = StockLevels(["salad": 100, "pizza": 1_000_000])
        #expect(levels.argument == "pizza=1000000,salad=100")
        #expect(try StockLevels(parsing: levels.argument) == levels)
    }

    @Test func refusesNonsense() {
        #expect(throws: StockLevelsParseError.empty) { try StockLevels(parsing: "") }
        #expect(throws: StockLevelsParseError.malformedPair("pizza")) { try StockLevels(parsing: "pizza") }
        #expect(throws: StockLevelsParseError.invalidQuantity(item: "pizza", text: "-1")) {
            try StockLevels(parsing: "pizza=-1")
        }
        #expect(throws: StockLevelsParseError.invalidQuantity(item: "pizza", text: "many")) {
            try StockLevels(parsing: "pizza=many")
        }
    }

    @Test func defaultIsTheSeedsCampusStock() {
        #expect(StockLevels.campusDefault.quantities == ["pizza": 100, "burger": 100, "salad": 100, "sandwich": 100])
    }
}
