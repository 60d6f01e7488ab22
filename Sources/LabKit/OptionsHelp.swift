import ArgumentParser

/// A part's own options as indented lines for a command's `--help`.
public enum OptionsHelp {
    public static func lines(_ options: any ParsableArguments.Type) -> String {
        let help = options.helpMessage(columns: 100)
        guard let start = help.range(of: "OPTIONS:\n") else { return "" }
        return help[start.upperBound...].split(separator: "\n")
            .filter { !$0.contains("--help") && !$0.contains("Show help information") }
            .map { "    " + $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: "\n")
    }
}
