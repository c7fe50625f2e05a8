import SchemagenCore

/// What must hold for every input, valid or not. A violation stops the fuzzer with the input that
/// caused it (these are the harness's checks, not user-facing errors, so trapping is right here).
enum FuzzInvariants {
    static func check(_ diagnostics: [Diagnostic], texts: [String: String]) {
        for diagnostic in diagnostics {
            // Every finding about the input says where it is ("positioned findings").
            guard let location = diagnostic.location else {
                fatalError("a finding without a position: \(diagnostic)")
            }
            guard let text = texts[location.file] else {
                fatalError("a finding in a file that is not part of the input: \(diagnostic)")
            }
            // Lines as libyaml counts them; a finding may point just past the last line (at the end
            // of the input), never further.
            let lines = lineCount(text)
            guard location.line >= 1, location.line <= lines + 1, location.column >= 1 else {
                fatalError("a finding outside its file (\(lines) lines): \(diagnostic)")
            }
            guard !diagnostic.message.isEmpty, !diagnostic.rule.isEmpty else {
                fatalError("a finding without a message or rule: \(diagnostic)")
            }
        }
    }

    private static func lineCount(_ text: String) -> Int {
        var count = 1
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n":
                if !previousWasCR { count += 1 }
            case "\r", "\u{85}", "\u{2028}", "\u{2029}":
                count += 1
            default:
                break
            }
            previousWasCR = scalar == "\r"
        }
        return count
    }
}
