import Foundation
import Sakuin
#if canImport(Glibc)
import Glibc
#endif

/// Colours for human output, like grep's: on when standard output is a terminal and `NO_COLOR`
/// is not set (or `--color always`).
struct Palette {
    var enabled: Bool

    /// When to colour output.
    enum Mode: String, CaseIterable, Sendable {
        case auto, always, never
    }

    init(mode: Mode) {
        switch mode {
        case .always: enabled = true
        case .never: enabled = false
        case .auto:
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            enabled = isatty(1) == 1 && !noColor
        }
    }

    func path(_ text: String) -> String { wrap(text, "35") }
    func lines(_ text: String) -> String { wrap(text, "32") }
    func match(_ text: String) -> String { wrap(text, "1;31") }
    func dim(_ text: String) -> String { wrap(text, "2") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// `text` with the scalar ranges `highlights` marked, and escaped for the terminal piece by
    /// piece (escaping first would move the ranges).
    func highlight(_ text: String, _ highlights: [Range<Int>]) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = ""
        var position = 0
        for range in highlights where enabled {
            let lower = min(max(range.lowerBound, position), scalars.count)
            let upper = min(max(range.upperBound, lower), scalars.count)
            output += TerminalText.escaped(scalars[position..<lower])
            output += match(TerminalText.escaped(scalars[lower..<upper]))
            position = upper
        }
        return output + TerminalText.escaped(scalars[position...])
    }
}

/// A one-line progress display on standard error, redrawn in place.
final class ProgressLine: @unchecked Sendable {
    private var lastDrawn = Date.distantPast

    /// A progress callback when standard error is a terminal, otherwise nil.
    static func makeIfTerminal() -> ((IndexingProgress) -> Void)? {
        guard isatty(2) == 1 else { return nil }
        let line = ProgressLine()
        return { line.draw($0) }
    }

    func draw(_ progress: IndexingProgress) {
        let done = progress.completed == progress.total
        guard done || Date().timeIntervalSince(lastDrawn) > 0.1 else { return }
        lastDrawn = Date()
        let name = TerminalText.escaped(progress.path.split(separator: "/").last.map(String.init) ?? "")
        let text = done ? "" : "indexing \(progress.completed + 1)/\(progress.total) \(name)"
        FileHandleOutput.standardErrorRaw("\r\u{1B}[K" + String(text.prefix(100)) + (done ? "" : ""))
    }
}
