import OrderDomain

/// The orders of one fault segment, drawn from the workload's seed: order
/// `index` of segment `segment` is the same for every model and every rerun.
public struct OrderStream: Sendable {
    public let workload: CompareWorkload

    /// What every order id of a segment starts with (the stream's, the duplicates', the resends').
    public static func orderIDPrefix(segment: Int) -> String { "cmp-\(segment)-" }

    public init(workload: CompareWorkload) {
        self.workload = workload
    }

    /// One order as the client will send it.
    public struct PlannedOrder: Sendable, Hashable {
        public var orderID: String
        public var userID: String
        public var item: String
        public var quantity: Int
        /// An item the inventory does not stock: it must be refused, and is not a loss.
        public var meantToFail: Bool

        /// `POST /order`'s body in the full form, with the client's own order id.
        public var requestBody: String {
            #"{"order_id":"\#(orderID)","user_id":"\#(userID)","items":[{"item_id":"\#(item)","quantity":\#(quantity)}]}"#
        }
    }

    public func order(segment: Int, index: Int) -> PlannedOrder {
        var random = SplitMix64(seed: workload.seed &+ UInt64(segment) &* 1_000_003 &+ UInt64(index) &* 7_919)
        let id = Self.orderIDPrefix(segment: segment) + "\(index)"
        let user = "student-\(random.next() % 50)"
        if Double(random.next() % 10_000) / 10_000 < workload.meantToFail.share {
            return PlannedOrder(
                orderID: id, userID: user, item: workload.meantToFail.item, quantity: 1, meantToFail: true)
        }
        let totalWeight = workload.mix.reduce(0) { $0 + $1.weight }
        var pick = Int(random.next() % UInt64(totalWeight))
        var entry = workload.mix[0]
        for candidate in workload.mix {
            if pick < candidate.weight {
                entry = candidate
                break
            }
            pick -= candidate.weight
        }
        let low = entry.quantity[0]
        let high = entry.quantity[1]
        let quantity = low + Int(random.next() % UInt64(high - low + 1))
        return PlannedOrder(orderID: id, userID: user, item: entry.item, quantity: quantity, meantToFail: false)
    }

    /// How many orders a segment offers: its seconds times the rate.
    public var ordersPerSegment: Int { Int(workload.phases.total * workload.rate) }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64): the
/// standard library's generator cannot be seeded.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
