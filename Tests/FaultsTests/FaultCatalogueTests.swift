import Faults
import Testing

@Suite struct FaultCatalogueTests {
    @Test func parametersRefuseWhatIsOutOfRangeOrMissing() {
        #expect(FaultParameter.delay.problem(with: nil)?.contains("missing delay_ms") == true)
        #expect(FaultParameter.delay.problem(with: 0) != nil, "a delay of 0 is no fault")
        #expect(FaultParameter.delay.problem(with: 1) == nil)
        #expect(FaultParameter.errorRate.problem(with: 1) != nil, "always failing is inventory down, not failing")
        #expect(FaultParameter.errorRate.problem(with: 0.5) == nil)
        #expect(FaultParameter.restartAfter.problem(with: 0) == nil)
        #expect(FaultParameter.share.problem(with: 1.5) != nil)
        #expect(FaultParameter.messages.problem(with: .nan) != nil)
    }

    @Test func everyKindHasASummaryALabelAndKeysThatAreKnown() {
        for kind in FaultKind.allCases {
            #expect(!kind.summary.isEmpty)
            let values = Dictionary(uniqueKeysWithValues: kind.parameters.map { ($0.key, $0.demoValue) })
            #expect(kind.label(values).hasPrefix(kind.rawValue.split(separator: "_").first.map(String.init) ?? "x"))
            #expect(Set(kind.parameters.map(\.key)).isSubset(of: FaultKind.parameterKeys))
        }
        #expect(FaultKind.inventorySlow.label(["delay_ms": 250]) == "inventory slow (+250 ms)")
    }

    @Test func theFaultsAModelNeedsSomethingForAreTheProcessOnes() {
        #expect(FaultKind.consumerCrash.requirement == .consumer)
        #expect(FaultKind.brokerPaused.requirement == .pausableBroker)
        #expect(FaultKind.inventoryDown.requirement == .nothing)
    }
}

@Suite struct FaultInjectorTests {
    @Test func anErrorPlanFailsWithItsStatusAndNoPlanPassesThrough() async throws {
        let injector = FaultInjector(.error(status: 503))
        await #expect(throws: InjectedFailure(status: 503)) { try await injector.inject() }
        injector.set(.none)
        try await injector.inject()
    }

    @Test func aDelayPlanWaitsBeforeItLetsTheRequestThrough() async throws {
        let injector = FaultInjector(.delay(milliseconds: 50))
        let clock = ContinuousClock()
        let started = clock.now
        try await injector.inject()
        #expect(clock.now - started >= .milliseconds(50))
    }

    @Test func aCrashPointNotPlannedHereDoesNothing() {
        let injector = FaultInjector(FaultPlan(crash: .duringReplay))
        var said: [String] = []
        injector.crashIfPlanned(at: .afterCommit) { said.append($0) }
        #expect(said.isEmpty)
    }
}
