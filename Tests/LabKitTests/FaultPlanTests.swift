import Faults
import LabKit
import Testing

@Suite struct FaultPlanTests {
    @Test func statusAloneMeansEveryRequest() {
        #expect(FaultPlan(errorStatus: 500).errorRate == 1)
        #expect(FaultPlan.none.isNone)
        #expect(!FaultPlan.delay(milliseconds: 5).isNone)
    }

    @Test func readsTheEnvironment() throws {
        let plan = try FaultPlan.fromEnvironment([
            "COMMLAB_FAULT_DELAY_MS": "250", "COMMLAB_FAULT_STATUS": "503", "COMMLAB_FAULT_RATE": "0.25",
        ])
        #expect(plan == FaultPlan(delayMilliseconds: 250, errorStatus: 503, errorRate: 0.25))
        #expect(try FaultPlan.fromEnvironment([:]) == .none)
    }

    @Test func refusesPlansItCannotCarryOut() {
        #expect(throws: FaultPlanError.self) { try FaultPlan.fromEnvironment(["COMMLAB_FAULT_DELAY_MS": "soon"]) }
        #expect(throws: FaultPlanError.self) { try FaultPlan(errorStatus: 200).validate() }
        #expect(throws: FaultPlanError.self) { try FaultPlan(errorStatus: 500, errorRate: 1.5).validate() }
        #expect(throws: FaultPlanError.self) { try FaultPlan(delayMilliseconds: -1).validate() }
    }

    @Test func injectorFailsTheRequestedShare() {
        let injector = FaultInjector(.error(status: 500, rate: 0.5))
        let failures = (0..<2_000).filter { _ in injector.nextDecision().failureStatus == 500 }.count
        #expect((800...1_200).contains(failures))
        injector.set(.none)
        let decision = injector.nextDecision()
        #expect(decision.delay == .zero && decision.failureStatus == nil)
    }
}
