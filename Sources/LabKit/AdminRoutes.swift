import Faults
import Foundation
import Hummingbird
import NIOCore

/// The routes every lab service has besides its business ones:
/// `GET /health`, and `GET|PUT|DELETE /admin/faults` to read, set and clear
/// the fault plan at run time without a restart. `PUT` takes a catalogue
/// fault (`{"fault": "inventory_slow", "delay_ms": 200}`, see
/// ``ServiceFaultRequest``) or the plan itself (`{"delay_ms": 200}`).
public struct AdminRoutes: Sendable {
    public let serviceName: String
    public let injector: FaultInjector
    public let faultBodyLimit = 4096

    public init(serviceName: String, injector: FaultInjector) {
        self.serviceName = serviceName
        self.injector = injector
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/health") { _, _ in
            try JSONResponse.encode(["status": "ok", "service": serviceName])
        }
        router.get("/admin/faults") { _, _ in
            try JSONResponse.encode(injector.current)
        }
        router.put("/admin/faults") { request, _ in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: faultBodyLimit)
            } catch is NIOTooManyBytesError {
                throw JSONErrorResponse(
                    status: .badRequest, code: "body_too_large",
                    message: "fault plan larger than \(faultBodyLimit) bytes")
            }
            let data = Data(buffer: body)
            let request: ServiceFaultRequest?
            do throws(FaultPlanError) {
                request = try ServiceFaultRequest.decode(data)
            } catch {
                throw JSONErrorResponse(status: .badRequest, code: "invalid_fault", message: "\(error)")
            }
            if let request {
                injector.set(request.plan)
                return try JSONResponse.encode(request.plan)
            }
            let plan: FaultPlan
            do {
                plan = try JSONDecoder().decode(FaultPlan.self, from: data)
            } catch {
                throw JSONErrorResponse(
                    status: .badRequest, code: "malformed_json",
                    message:
                        "expected {\"fault\": KIND, PARAMETER: number} or {\"delay_ms\": Int, \"error_status\": Int, \"error_rate\": 0…1}: \(error)"
                )
            }
            do {
                try plan.validate()
            } catch {
                throw JSONErrorResponse(status: .badRequest, code: "invalid_fault_plan", message: "\(error)")
            }
            injector.set(plan)
            return try JSONResponse.encode(plan)
        }
        router.delete("/admin/faults") { _, _ in
            injector.set(.none)
            return try JSONResponse.encode(FaultPlan.none)
        }
    }
}
