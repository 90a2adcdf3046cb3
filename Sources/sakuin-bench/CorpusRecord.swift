import Foundation

/// One document of a benchmark corpus: a JSON object a line, `{"id", "title", "source", "text"}`.
/// Only `id` and `text` are required; `source` and any other key are ignored.
struct CorpusRecord: Decodable {
    /// The corpus's own identifier, returned as the hit's document reference.
    var id: String
    /// The title, stored as the document's metadata title.
    var title: String?
    /// The searchable text (it starts with the title).
    var text: String

    /// The record on one line of `path`, or a failure naming the line and what is wrong with it.
    static func parse(_ line: [UInt8], path: String, lineNumber: Int) throws(BenchFailure) -> CorpusRecord {
        let record: CorpusRecord
        do {
            record = try JSONDecoder().decode(CorpusRecord.self, from: Data(line))
        } catch let error as DecodingError {
            throw BenchFailure.badLine(path, line: lineNumber, Self.problem(error))
        } catch {
            throw BenchFailure.badLine(path, line: lineNumber, "not a JSON object (\(error))")
        }
        // The library refuses such names; saying so here names the line.
        guard !record.id.isEmpty else { throw BenchFailure.badLine(path, line: lineNumber, "the \"id\" is empty") }
        guard !record.id.hasPrefix("/") else {
            throw BenchFailure.badLine(path, line: lineNumber, "the \"id\" \"\(record.id)\" starts with '/'; ids are names, not paths")
        }
        // RESULTS.tsv gives the id back in a tab-separated line.
        guard !record.id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw BenchFailure.badLine(path, line: lineNumber, "the \"id\" holds a tab, line break or other control character")
        }
        return record
    }

    /// What a decoding error means for a corpus line, in the user's terms.
    private static func problem(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _):
            return "the \"\(key.stringValue)\" key is missing (each line needs \"id\" and \"text\")"
        case .valueNotFound(_, let context), .typeMismatch(_, let context):
            guard let key = context.codingPath.last?.stringValue else { return "not a JSON object" }
            return "the \"\(key)\" value is not a string"
        case .dataCorrupted:
            return "not valid JSON (each line must be one object such as {\"id\": \"a\", \"text\": \"…\"})"
        @unknown default:
            return "not a usable JSON object"
        }
    }
}
