import ArgumentParser
import Sakuin

/// `sakuin stats`: figures about the index.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Show figures about the index: documents, passages, sizes.")

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var location: IndexLocation

    func run() throws {
        let statistics = try location.openForReading().statistics()
        if json {
            struct Output: Encodable {
                var directory: String, documents: Int, passages: Int, deleted_passages: Int, segments: Int
                var terms: Int, segment_bytes: Int64, catalog_bytes: Int64, source_bytes: Int64
                var generation: Int64, analyzer: String
            }
            print(try JSONOutput.encode(Output(
                directory: statistics.directory, documents: statistics.documents, passages: statistics.passages,
                deleted_passages: statistics.deletedPassages, segments: statistics.segments, terms: statistics.terms,
                segment_bytes: statistics.segmentBytes, catalog_bytes: statistics.catalogBytes,
                source_bytes: statistics.sourceBytes, generation: statistics.generation,
                analyzer: statistics.analyzerFingerprint)))
            return
        }
        let rows: [(String, String)] = [
            ("index", DisplayPath.of(statistics.directory)),
            ("documents", "\(statistics.documents)"),
            ("passages", "\(statistics.passages) live, \(statistics.deletedPassages) deleted"),
            ("segments", "\(statistics.segments)"),
            ("terms", "\(statistics.terms) (summed over segments)"),
            ("segment files", bytes(statistics.segmentBytes)),
            ("catalog", bytes(statistics.catalogBytes)),
            ("source texts", bytes(statistics.sourceBytes)),
            ("commits", "\(statistics.generation)"),
            ("analyzer", statistics.analyzerFingerprint),
        ]
        for (name, value) in rows { print(name.padding(toLength: 14, withPad: " ", startingAt: 0) + value) }
    }

    private func bytes(_ count: Int64) -> String {
        count >= 1 << 20 ? String(format: "%.1f MB (%lld bytes)", Double(count) / 1_048_576, count)
            : String(format: "%.1f KB (%lld bytes)", Double(count) / 1024, count)
    }
}
