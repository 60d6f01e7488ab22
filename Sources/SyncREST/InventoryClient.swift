import Foundation
import NIOCore
import OrderDomain

/// OrderService's view of InventoryService.
struct InventoryClient: Sendable {
    let downstream: DownstreamClient

    enum ReserveAnswer: Sendable {
        case reserved
        case rejected(InventoryFailureReason)
        /// It answered something other than a decision (its 5xx, an injected fault).
        case failed(status: Int, message: String)
        case unreachable(detail: String)
        case timedOut
    }

    func reserve(_ order: Order) async -> ReserveAnswer {
        let answer = await downstream.post(
            "/reserve", ReserveRequest(orderID: order.orderID, items: order.quantitiesByItem))
        switch answer {
        case .answered(let status, let body):
            if (200..<300).contains(status) || status == 409,
                let response = try? JSONDecoder().decode(ReserveResponse.self, from: Data(buffer: body))
            {
                if response.status == "reserved" { return .reserved }
                if let reason = response.reason { return .rejected(reason) }
            }
            return .failed(status: status, message: Self.message(from: body))
        case .unreachable(let detail):
            return .unreachable(detail: detail)
        case .timedOut:
            return .timedOut
        }
    }

    /// Gives a reservation back; after a timeout this also stops a late
    /// reservation from taking stock (the ledger keeps a tombstone).
    func release(orderID: String) async -> DownstreamAnswer {
        await downstream.post("/release", ReleaseRequest(orderID: orderID))
    }

    /// ``release(orderID:)`` for the compensation: anything but a 200 throws.
    func releaseOrThrow(orderID: String) async throws {
        let answer = await release(orderID: orderID)
        guard case .answered(200, _) = answer else { throw CompensationStepFailed(step: "release", answer: answer) }
    }

    static func message(from body: ByteBuffer) -> String {
        if let error = try? JSONDecoder().decode(ErrorBodyShape.self, from: Data(buffer: body)) {
            return error.error.message
        }
        return String(buffer: body).prefix(200).description
    }

    private struct ErrorBodyShape: Decodable {
        struct Detail: Decodable { var message: String }
        var error: Detail
    }
}
