import Testing

@testable import Kafka

/// The poll loop's idle wait: a signal ends it at once, and nothing the wait does on its way out (cancelling
/// its timer) leaves a signal for the next wait — or an idle consumer would poll without pause.
@Suite struct PollWakerTests {
    @Test func aWaitEndedBySignalLeavesNoSignalBehind() async {
        let waker = PollWaker()
        let clock = ContinuousClock()
        for _ in 0..<5 {
            waker.signal()
            let woken = await clock.measure { await waker.wait(atMost: .seconds(5)) }
            #expect(woken < .seconds(1), "a kept signal ends the wait at once")
            let idle = await clock.measure { await waker.wait(atMost: .milliseconds(200)) }
            #expect(idle >= .milliseconds(180), "with nothing to signal, the wait lasts its limit, not \(idle)")
        }
    }

    @Test func aTimedOutWaitLeavesNoSignalBehind() async {
        let waker = PollWaker()
        let clock = ContinuousClock()
        await waker.wait(atMost: .milliseconds(50))
        let next = await clock.measure { await waker.wait(atMost: .milliseconds(200)) }
        #expect(next >= .milliseconds(180), "the first wait's timer signalled once, for itself only: \(next)")
    }
}
