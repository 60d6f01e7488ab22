import Faults
import Foundation
import Hummingbird
import HummingbirdTesting
import LabKit
import Testing

@Suite struct AdminRoutesTests {
    func app(_ injector: FaultInjector) -> some ApplicationProtocol {
        let router = Router()
        AdminRoutes(serviceName: "test", injector: injector).add(to: router)
        router.group().add(middleware: FaultMiddleware(injector)).get("/work") { _, _ in "done" }
        return Application(router: router)
    }

    @Test func faultsAreSetAndClearedAtRunTime() async throws {
        let injector = FaultInjector()
        try await app(injector).test(.router) { client in
            try await client.execute(uri: "/work", method: .get) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/admin/faults", method: .put, body: ByteBuffer(string: #"{"error_status":503}"#)
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/work", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                #expect(body.error.code == "injected_fault")
            }
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/admin/faults", method: .delete) { #expect($0.status == .ok) }
            try await client.execute(uri: "/work", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func badFaultPlansAreRefusedWithJSON() async throws {
        let injector = FaultInjector()
        try await app(injector).test(.router) { client in
            for body in ["{nope", #"{"error_status":42}"#, #"{"error_rate":7,"error_status":500}"#] {
                try await client.execute(uri: "/admin/faults", method: .put, body: ByteBuffer(string: body)) {
                    response in
                    #expect(response.status == .badRequest)
                    #expect((try? JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))) != nil)
                }
            }
            let huge = #"{"delay_ms":1,"x":""# + String(repeating: "x", count: 10_000) + #""}"#
            try await client.execute(uri: "/admin/faults", method: .put, body: ByteBuffer(string: huge)) {
                #expect($0.status == .badRequest)
            }
        }
        #expect(injector.current == .none)
    }

    @Test func aCatalogueFaultSetsTheServicesPlan() async throws {
        let injector = FaultInjector()
        try await app(injector).test(.router) { client in
            try await client.execute(
                uri: "/admin/faults", method: .put,
                body: ByteBuffer(string: #"{"fault":"inventory_slow","delay_ms":300}"#)
            ) { #expect($0.status == .ok) }
            #expect(injector.current == .delay(milliseconds: 300))
            try await client.execute(
                uri: "/admin/faults", method: .put,
                body: ByteBuffer(string: #"{"fault":"inventory_failing","error_rate":0.25}"#)
            ) { #expect($0.status == .ok) }
            #expect(injector.current == .error(status: 500, rate: 0.25))
        }
    }

    /// A kind that acts outside the service, an unknown kind, a missing, unknown or out-of-range parameter:
    /// each refused with the reason, and the plan left as it was.
    @Test func catalogueFaultsAServiceCannotCarryAreRefusedWithTheReason() async throws {
        let injector = FaultInjector(.delay(milliseconds: 7))
        let cases: [(String, String)] = [
            (#"{"fault":"broker_paused"}"#, "the broker's process"),
            (#"{"fault":"nope"}"#, "inventory_slow, inventory_failing"),
            (#"{"fault":"inventory_slow"}"#, "missing delay_ms"),
            (#"{"fault":"inventory_slow","delay_ms":5,"rate":1}"#, "takes no rate"),
            (#"{"fault":"inventory_failing","error_rate":2}"#, "error_rate must be"),
            (#"{"fault":"inventory_slow","delay_ms":true}"#, "numbers"),
        ]
        try await app(injector).test(.router) { client in
            for (body, reason) in cases {
                try await client.execute(uri: "/admin/faults", method: .put, body: ByteBuffer(string: body)) {
                    response in
                    #expect(response.status == .badRequest, "\(body)")
                    let error = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body)).error
                    #expect(error.code == "invalid_fault", "\(body)")
                    #expect(error.message.contains(reason), "\(body): \(error.message)")
                }
            }
        }
        #expect(injector.current == .delay(milliseconds: 7))
    }

    @Test func delayIsApplied() async throws {
        let injector = FaultInjector(.delay(milliseconds: 50))
        let clock = ContinuousClock()
        try await app(injector).test(.router) { client in
            let start = clock.now
            try await client.execute(uri: "/work", method: .get) { #expect($0.status == .ok) }
            // A lower bound on an injected delay is behaviour, not speed.
            #expect(clock.now - start >= .milliseconds(50))
        }
    }
}
