import ArgumentParser
import Foundation
import Sakuin

/// `sakuin-bench index CORPUS.jsonl INDEXDIR`: builds an index of a benchmark corpus.
///
/// Streams the corpus and adds its documents in batches of about `--batch-megabytes` of corpus
/// lines, each batch one commit (and at least one segment). A batch and its catalog rows wait in
/// memory until their commit, while the writer's budget bounds the postings, so memory stays
/// bounded whatever the corpus size (16 MB batches: about 215 MB resident on a 32 MB corpus, 240 MB
/// on four times that). Each document is named by its corpus `id`, so a hit gives the id back.
/// Exits 0 once the last commit is durable.
struct IndexCorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index a JSONL corpus ({\"id\", \"title\", \"source\", \"text\"} a line) into an empty folder.")

    @Argument(help: "The corpus: one JSON object a line.")
    var corpus: String

    @Argument(help: "The index folder: missing or empty.")
    var indexDirectory: String

    @Option(help: "Megabytes of corpus lines added per commit (each commit adds a segment).")
    var batchMegabytes = 16

    func validate() throws {
        guard batchMegabytes >= 1 else { throw ValidationError("--batch-megabytes must be 1 or more, not \(batchMegabytes)") }
    }

    func run() throws {
        if SearchIndex.exists(at: indexDirectory) {
            throw BenchFailure("\(indexDirectory) already holds an index; give a missing or empty folder")
        }
        let reader = try LineReader(path: corpus)
        let index = try SearchIndex(directory: indexDirectory, mode: .createIfMissing)
        let batchBytes = batchMegabytes << 20
        var batch: [InMemoryDocument] = []
        var bytesInBatch = 0
        // Where each id was first seen: a repeated id would silently replace a document.
        var lineOfID: [String: Int] = [:]
        var documents = 0
        while let line = try reader.next() {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            let record = try CorpusRecord.parse(line, path: corpus, lineNumber: reader.lineNumber)
            if let first = lineOfID.updateValue(reader.lineNumber, forKey: record.id) {
                throw BenchFailure.badLine(corpus, line: reader.lineNumber,
                                           "the id \"\(record.id)\" was already used on line \(first)")
            }
            // The corpus gives the title: no need to guess it (and authors, dates) from the text.
            batch.append(InMemoryDocument(name: record.id, text: record.text,
                                          metadata: DocumentMetadata(title: record.title.flatMap { $0.isEmpty ? nil : $0 })))
            bytesInBatch += line.count
            documents += 1
            if bytesInBatch >= batchBytes {
                try index.add(batch)
                batch.removeAll(keepingCapacity: true)
                bytesInBatch = 0
            }
        }
        if !batch.isEmpty || documents == 0 { try index.add(batch) }
        print("indexed \(documents) documents from \(corpus)")
    }
}
