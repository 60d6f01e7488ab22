import Foundation
import Testing

@testable import LabKit
@testable import LinkFaults

/// The rules a link fault adds, what a machine without root is told, and how a service joins its cgroup.
@Suite struct LinkCutTests {
    func faultRule(_ kind: LinkCut.Kind) -> [String] {
        LinkCut(kind, group: "commlab-1-async-queue/order", peerPort: 5672).rules[1].rule
    }

    @Test func everyCutMarksTheServicesConnectionsToThePortAndActsOnTheMarkOnly() {
        let cut = LinkCut(.partition, group: "commlab-1-async-queue/order", peerPort: 5672)
        let marking = cut.rules[0]
        #expect(marking.table == "mangle")
        #expect(
            marking.rule.joined(separator: " ").contains("--dport 5672 -m cgroup --path commlab-1-async-queue/order"))
        #expect(marking.rule.suffix(3) == ["CONNMARK", "--set-mark", cut.mark])
        #expect(cut.rules[1].table == "filter")
        for kind in [LinkCut.Kind.partition, .halfOpen, .loss(0.05), .reset] {
            let rule = faultRule(kind)
            #expect(rule.joined(separator: " ").contains("-m connmark --mark \(cut.mark)"), "\(kind)")
            #expect(rule.contains(LinkFaultSupport.ruleTag + " \(getpid())"), "tagged with the run that added it")
        }
    }

    @Test func eachKindDropsWhatItSays() {
        #expect(faultRule(.partition).suffix(2) == ["-j", "DROP"])
        #expect(!faultRule(.partition).contains("--sport"), "both directions")
        // Half-open: only what comes back from the peer's port.
        #expect(faultRule(.halfOpen).joined(separator: " ").contains("--sport 5672"))
        #expect(faultRule(.loss(0.05)).joined(separator: " ").contains("-m statistic --mode random --probability 0.05"))
        #expect(faultRule(.reset).suffix(4) == ["-j", "REJECT", "--reject-with", "tcp-reset"])
        #expect(faultRule(.reset).joined(separator: " ").contains("--dport 5672"), "what the service sends")
    }

    /// Dropping acts where the process sends; holding where the peer receives, past the sender's own queues.
    @Test func heldKindsQueueAtThePeersInputAndOnlyTheirDirection() {
        let latency = LinkCut(
            .latency(delay: .milliseconds(100), jitter: .milliseconds(20)), group: "g", peerPort: 5672)
        #expect(latency.rules[1].chain == "INPUT")
        #expect(latency.rules[1].rule.joined(separator: " ").contains("--dport 5672"), "toward the peer only")
        #expect(
            latency.rules[1].rule.suffix(5) == [
                "-j", "NFQUEUE", "--queue-num", String(latency.queueNumber), "--queue-bypass",
            ])
        let capped = LinkCut(.bandwidth(bytesPerSecond: 8_000), group: "g", peerPort: 5672)
        #expect(!capped.rules[1].rule.contains("--dport"), "both ways")
        #expect(capped.pacer?.bytesPerSecond == 8_000)
        #expect(LinkCut(.partition, group: "g", peerPort: 5672).rules[1].chain == "OUTPUT")
        #expect(LinkCut(.partition, group: "g", peerPort: 5672).pacer == nil)
    }

    /// The client's link: every local process connecting to the port, so no cgroup match.
    @Test func aCutWithoutAGroupMarksEveryConnectionToThePort() {
        let cut = LinkCut(.halfOpen, group: nil, peerPort: 8080)
        let marking = cut.rules[0].rule.joined(separator: " ")
        #expect(marking.contains("--dport 8080"))
        #expect(!marking.contains("-m cgroup"))
        #expect(cut.mark != LinkCut(.halfOpen, group: "g", peerPort: 8080).mark)
    }

    @Test func aCutsMarkIsItsOwnAndStable() {
        let a = LinkCut(.partition, group: "commlab-1-a/order", peerPort: 5672)
        let b = LinkCut(.halfOpen, group: "commlab-1-a/order", peerPort: 5672)
        let c = LinkCut(.partition, group: "commlab-1-a/order", peerPort: 5673)
        #expect(a.mark == b.mark, "one link, one mark")
        #expect(a.mark != c.mark)
        let value = UInt32(a.mark.dropFirst(2), radix: 16) ?? 0
        #expect((1...0xFFFF).contains(value))
    }

    /// Not root, no cgroup v2, no iptables: each is "n/a" with its own reason, never a silent pass.
    @Test func whatIsMissingIsSaid() {
        #expect(LinkFaultSupport.unavailable(root: true, cgroupRoot: "/sys/fs/cgroup", hasIptables: true) == nil)
        #expect(
            LinkFaultSupport.unavailable(root: false, cgroupRoot: "/sys/fs/cgroup", hasIptables: true)?.contains(
                "need root") == true)
        #expect(
            LinkFaultSupport.unavailable(root: true, cgroupRoot: nil, hasIptables: true)?.contains("cgroup v2") == true)
        #expect(
            LinkFaultSupport.unavailable(root: true, cgroupRoot: "/sys/fs/cgroup", hasIptables: false)?.contains(
                "iptables") == true)
    }

    /// A service put in a cgroup starts through a shell that joins the group and then becomes the service.
    @Test func aServiceInACgroupJoinsItBeforeItRuns() {
        var launch = ServiceLaunch(name: "order", executable: "/bin/commlab", arguments: ["serve"], logPath: "/tmp/x")
        #expect(launch.command(extraArguments: ["--port", "0"]).executable == "/bin/commlab")
        launch.cgroup = "/sys/fs/cgroup/commlab-1-a/order"
        let command = launch.command(extraArguments: ["--port", "0"])
        #expect(command.executable == "/bin/sh")
        #expect(command.arguments.contains("exec \"$@\"") || command.arguments[1].contains("exec \"$@\""))
        #expect(
            Array(command.arguments.suffix(5)) == [
                "/sys/fs/cgroup/commlab-1-a/order", "/bin/commlab", "serve", "--port", "0",
            ])
    }

    @Test func leftoverRulesStopAStartAndSayHowToClearThem() {
        let error = LeftoverLinkRules(rules: ["-t filter -A OUTPUT -m comment --comment \"commlab-link 1\" -j DROP"])
        #expect(error.description.contains("iptables -t $1 -S $2 | grep commlab-link"))
        #expect(error.description.contains("'filter INPUT'"), "the holding rules' chain too")
        #expect(error.description.contains("(1)"))
    }
}
