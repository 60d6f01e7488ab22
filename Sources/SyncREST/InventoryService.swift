import Foundation
import Faults
import Hummingbird
import LabKit
import OrderDomain
import OrderWorkload

/// Part A's InventoryService: `POST /reserve` and `POST /release` against the
/// SQLite ledger, `GET /stock` for the lab's consistency checks.
public struct InventoryService: Sendable {
    public let ledger: InventoryLedger
    public let faults: FaultInjector
    static let bodyLimit = 64 * 1024

    public init(ledger: InventoryLedger, faults: FaultInjector) {
        self.ledger = ledger
        self.faults = faults
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        AdminRoutes(serviceName: "inventory", injector: faults).add(to: router)
        router.get("/stock") { _, _ in
            try JSONResponse.encode(try await ledger.stock().quantities)
        }
        OrderRoutes.addLedgerReads(to: router, ledger: ledger)
        router.get("/reservations/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let state = try await ledger.state(of: id) else {
                throw JSONErrorResponse(
                    status: .notFound, code: "unknown_reservation", message: "no reservation '\(id)'")
            }
            return try JSONResponse.encode(["order_id": id, "state": state])
        }
        let business = router.group().add(middleware: FaultMiddleware(faults)).add(middleware: StoreErrorMiddleware())
        business.post("/reserve") { request, _ in
            let reserve = try await JSONBody.decode(ReserveRequest.self, from: request, limit: Self.bodyLimit)
            try Self.validate(reserve)
            let result = try await ledger.reserve(reserve.orderID, reserve.items)
            let response = ReserveResponse(orderID: reserve.orderID, result: result)
            return try JSONResponse.encode(response, status: response.status == "reserved" ? .ok : .conflict)
        }
        business.post("/release") { request, _ in
            let release = try await JSONBody.decode(ReleaseRequest.self, from: request, limit: Self.bodyLimit)
            let outcome = try await ledger.release(release.orderID)
            return try JSONResponse.encode(ReleaseResponse(orderID: release.orderID, outcome: outcome))
        }
        return router
    }

    /// The order service validated the order already; this guards the ledger
    /// against any other caller sending nonsense.
    static func validate(_ request: ReserveRequest) throws {
        guard !request.orderID.isEmpty else {
            throw JSONErrorResponse(
                status: .badRequest, code: "invalid_field", message: "order_id must not be empty", field: "order_id")
        }
        guard !request.items.isEmpty else {
            throw JSONErrorResponse(
                status: .badRequest, code: "invalid_field", message: "items must not be empty", field: "items")
        }
        for (index, item) in request.items.enumerated() where item.quantity <= 0 {
            throw JSONErrorResponse(
                status: .badRequest, code: "invalid_field",
                message: "quantity must be at least 1, got \(item.quantity)",
                field: "items[\(index)].quantity")
        }
    }
}
