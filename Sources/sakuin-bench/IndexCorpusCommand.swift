import ArgumentParser
import Foundation
import Sakuin

/// `sakuin-bench index CORPUS.jsonl INDEXDIR`: builds an index of a benchmark corpus.
///
/// Streams the corpus into the index, a line at a time as the writer asks for documents, in
/// commits of about `--batch-megabytes` of corpus lines (each commit adds at least one
/// segment). Only the documents being indexed and what each waits in for its commit are in
/// memory, not the batch, while the writer's budget bounds the postings (32 MB commits: the
/// 32 MB corpus in one commit, peaking near 210 MB resident; four times that in four, near
/// 235 MB). Each document is named by its corpus `id`, so a hit gives the id back. A bad line
/// stops the run before its commit. Exits 0 once the last commit is durable.
struct IndexCorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index a JSONL corpus ({\"id\", \"title\", \"source\", \"text\"} a line) into an empty folder.")

    @Argument(help: "The corpus: one JSON object a line.")
    var corpus: String

    @Argument(help: "The index folder: missing or empty.")
    var indexDirectory: String

    @Option(help: "Megabytes of corpus lines added per commit (each commit adds a segment).")
    var batchMegabytes = 32

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
        // Where each id was first seen: a repeated id would silently replace a document.
        var lineOfID: [String: Int] = [:]
        var documents = 0
        var atEnd = false
        // A bad line stops the writer (nothing of its commit is committed) and is reported here.
        var failure: (any Error)?
        repeat {
            var bytesInBatch = 0
            do {
                try index.add { () throws(SakuinError) -> InMemoryDocument? in
                    guard bytesInBatch < batchBytes else { return nil }
                    do {
                        while let line = try reader.next() {
                            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
                            let record = try CorpusRecord.parse(line, path: corpus, lineNumber: reader.lineNumber)
                            if let first = lineOfID.updateValue(reader.lineNumber, forKey: record.id) {
                                throw BenchFailure.badLine(corpus, line: reader.lineNumber,
                                                           "the id \"\(record.id)\" was already used on line \(first)")
                            }
                            bytesInBatch += line.count
                            documents += 1
                            // The corpus gives the title: no need to guess it (and authors, dates) from the text.
                            return InMemoryDocument(name: record.id, text: record.text,
                                                    metadata: DocumentMetadata(title: record.title.flatMap { $0.isEmpty ? nil : $0 }))
                        }
                        atEnd = true
                        return nil
                    } catch {
                        failure = error
                        throw SakuinError.invalidRequest("the corpus has a bad line")
                    }
                }
            } catch {
                throw failure ?? error
            }
        } while !atEnd
        print("indexed \(documents) documents from \(corpus)")
    }
}
