import OrderDomain
import Testing

@Suite struct ItemQuantityTests {
    private func lines(_ pairs: [(String, Int)]) -> [ItemQuantity] {
        pairs.map { ItemQuantity(itemID: $0.0, quantity: $0.1) }
    }

    @Test func addsUpRepeatedItemsInFirstSeenOrder() {
        #expect(
            ItemQuantity.merged(lines([("pizza", 1), ("salad", 2), ("pizza", 3), ("burger", 1), ("salad", 1)]))
                == lines([("pizza", 4), ("salad", 3), ("burger", 1)]))
    }

    @Test func leavesDistinctItemsAsTheyAre() {
        let distinct = lines([("pizza", 1), ("salad", 2), ("burger", 3)])
        #expect(ItemQuantity.merged(distinct) == distinct)
        #expect(ItemQuantity.merged([]) == [])
    }

    @Test func mergesLongOrdersTheSameWay() {
        // Past 32 lines the merge hashes instead of comparing pairwise; the result must not differ.
        let long = (0..<100).map { ItemQuantity(itemID: "item-\($0 % 7)", quantity: $0) }
        var expected: [ItemQuantity] = []
        for line in long {
            if let index = expected.firstIndex(where: { $0.itemID == line.itemID }) {
                expected[index].quantity += line.quantity
            } else {
                expected.append(line)
            }
        }
        #expect(ItemQuantity.merged(long) == expected)
        #expect(ItemQuantity.merged(Array(long.prefix(20))).count == 7)
    }
}
