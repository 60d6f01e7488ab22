import OrderDomain

/// The rules a decoded workload must keep, each broken one with the field it is about.
enum WorkloadValidation {
    struct Problem {
        var path: [String]
        var message: String
    }

    static func problems(in workload: CompareWorkload) -> [Problem] {
        var problems: [Problem] = []
        func require(_ condition: Bool, _ path: [String], _ message: String) {
            if !condition { problems.append(Problem(path: path, message: message)) }
        }
        require(workload.rate > 0 && workload.rate <= 2_000, ["rate"], "must be between 0 and 2000 orders/s")
        require(workload.clientTimeoutMilliseconds > 0, ["client_timeout_ms"], "must be positive")
        require(workload.downstreamTimeoutMilliseconds > 0, ["downstream_timeout_ms"], "must be positive")
        require(workload.drainLimitSeconds > 0, ["drain_limit_s"], "must be positive")
        check(workload.phases, at: ["phases"], require)
        if let phases = workload.quick?.phases { check(phases, at: ["quick", "phases"], require) }
        if let capacity = workload.capacity { check(capacity, at: ["capacity"], require) }
        if let capacity = workload.quick?.capacity { check(capacity, at: ["quick", "capacity"], require) }
        if let kinds = workload.replicatedFaults {
            let scheduled = Set(workload.faults.map(\.kind))
            for (index, kind) in kinds.enumerated() where !scheduled.contains(kind) {
                require(false, ["replicated_faults", "[\(index)]"], "\(kind.rawValue) is not a window of faults")
            }
        }
        require(!workload.mix.isEmpty, ["mix"], "must name at least one item")
        for (index, entry) in workload.mix.enumerated() {
            let path = ["mix", "[\(index)]"]
            require(entry.weight > 0, path + ["weight"], "must be positive")
            require(!entry.item.isEmpty, path + ["item"], "must not be empty")
            require(
                entry.quantity.count == 2 && entry.quantity[0] >= 1 && entry.quantity[0] <= entry.quantity[1]
                    && entry.quantity[1] <= OrderLimits.standard.maxQuantity,
                path + ["quantity"],
                "must be [smallest, largest], 1 ≤ smallest ≤ largest ≤ \(OrderLimits.standard.maxQuantity)")
        }
        require(
            workload.meantToFail.share >= 0 && workload.meantToFail.share < 0.5, ["meant_to_fail", "share"],
            "must be at least 0 and below 0.5")
        require(
            !workload.mix.contains { $0.item == workload.meantToFail.item }, ["meant_to_fail", "item"],
            "must not be an item of the mix: the inventory stocks those")
        require(!workload.faults.isEmpty, ["faults"], "must list at least one window (baseline is one)")
        for (index, fault) in workload.faults.enumerated() {
            let path = ["faults", "[\(index)]"]
            let values = fault.values
            for parameter in fault.kind.parameters {
                if let problem = parameter.problem(with: values[parameter.key]) {
                    require(false, path + [parameter.key], "\(fault.kind.rawValue): \(problem)")
                }
            }
        }
        return problems
    }

    private static func check(
        _ phases: CompareWorkload.Phases, at path: [String], _ require: (Bool, [String], String) -> Void
    ) {
        require(phases.before >= 1, path + ["before"], "must be at least 1 s (the 'before' figures need a second)")
        require(phases.window >= 1, path + ["window"], "must be at least 1 s")
        require(phases.after >= 1, path + ["after"], "must be at least 1 s")
    }

    private static func check(
        _ capacity: CapacitySettings, at path: [String], _ require: (Bool, [String], String) -> Void
    ) {
        require(capacity.sloP99Milliseconds > 0, path + ["slo_p99_ms"], "must be positive")
        require(
            capacity.startRate > 0 && capacity.startRate <= capacity.maximumRate, path + ["start_rate"],
            "must be positive and at most max_rate")
        require(
            capacity.maximumRate <= CapacitySettings.highestRate, path + ["max_rate"],
            "must be at most \(Int(CapacitySettings.highestRate)) orders/s (one client process sends them all)")
        require(capacity.stepSeconds >= 1 && capacity.stepSeconds <= 60, path + ["step_s"], "must be 1 to 60 s")
        require(capacity.refinements >= 0 && capacity.refinements <= 5, path + ["refinements"], "must be 0 to 5")
        require(capacity.backlogClearSeconds > 0, path + ["backlog_clear_s"], "must be positive")
    }
}
