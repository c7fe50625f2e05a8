/// The results as Markdown: one table of times (stage × size), one of what each schema holds.
struct MarkdownReport: Sendable {
    var reports: [SizeReport]
    var iterations: Int

    var text: String {
        var lines: [String] = []
        lines.append(
            "Warm: median (min) in milliseconds over \(iterations) iteration(s) after one warm-up run; cold: that first run."
        )
        lines.append("")
        lines.append("| stage | " + reports.map(\.label).joined(separator: " | ") + " |")
        lines.append("| --- |" + String(repeating: " ---: |", count: reports.count))
        for stage in Stage.allCases {
            let cells = reports.map { report in
                report.timings[stage].map {
                    "\(significant($0.median.milliseconds)) (\(significant($0.minimum.milliseconds))), "
                        + "cold \(significant($0.cold.milliseconds))"
                }
                    ?? "–"
            }
            lines.append("| \(stage.title) | " + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append("| schema | " + reports.map(\.label).joined(separator: " | ") + " |")
        lines.append("| --- |" + String(repeating: " ---: |", count: reports.count))
        let rows: [(String, (SchemaStatistics) -> String)] = [
            ("columns", { grouped($0.columns) }),
            ("foreign keys", { grouped($0.foreignKeys) }),
            ("indexes", { grouped($0.indexes) }),
            ("YAML", { kibibytes($0.yamlBytes) }),
            ("lint findings (errors/warnings)", { "\($0.errors)/\($0.warnings)" }),
            ("generated files", { grouped($0.generatedFiles) }),
            ("generated output", { kibibytes($0.generatedBytes) }),
        ]
        for (title, value) in rows {
            lines.append("| \(title) | " + reports.map { value($0.statistics) }.joined(separator: " | ") + " |")
        }
        lines += perMebibyte
        return lines.joined(separator: "\n") + "\n"
    }
}

extension MarkdownReport {
    /// For the large-comment schemas, the median divided by the comment's size: a stage that grows
    /// linearly with the comment keeps the same number across a row.
    fileprivate var perMebibyte: [String] {
        let sizes = reports.compactMap(\.commentMebibytes)
        guard !sizes.isEmpty, sizes.count == reports.count else { return [] }
        var lines = [
            "", "Median in milliseconds per MiB of comment (the same across a row when the stage is linear).", "",
        ]
        lines.append("| stage | " + reports.map(\.label).joined(separator: " | ") + " |")
        lines.append("| --- |" + String(repeating: " ---: |", count: reports.count))
        for stage in Stage.allCases {
            let cells = zip(reports, sizes).map { report, size in
                report.timings[stage].map { significant($0.median.milliseconds / Double(size)) } ?? "–"
            }
            lines.append("| \(stage.title) | " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }
}

/// Three significant digits or so: `0.042`, `1.23`, `45.6`, `1234`.
func significant(_ milliseconds: Double) -> String {
    let digits = milliseconds < 1 ? 3 : milliseconds < 10 ? 2 : milliseconds < 100 ? 1 : 0
    var text = String(Int((milliseconds * pow10(digits)).rounded()))
    guard digits > 0 else { return text }
    while text.count <= digits { text = "0" + text }
    text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
    return text
}

private func pow10(_ exponent: Int) -> Double {
    (0..<exponent).reduce(1) { value, _ in value * 10 }
}

/// `5000` → `5,000`.
func grouped(_ value: Int) -> String {
    let digits = Array(String(value))
    var text = ""
    for (offset, digit) in digits.enumerated() {
        if offset > 0, (digits.count - offset) % 3 == 0 { text.append(",") }
        text.append(digit)
    }
    return text
}

func kibibytes(_ bytes: Int) -> String {
    bytes < 10 * 1024 ? "\(significant(Double(bytes) / 1024)) KiB" : "\(grouped(bytes / 1024)) KiB"
}
