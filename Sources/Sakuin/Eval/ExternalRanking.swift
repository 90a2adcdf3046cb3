import Foundation

/// Another engine's ranking of passages that `sakuin export` wrote, read back so that
/// ``Evaluator/evaluate(_:rankings:)`` scores it with the same code as Sakuin's own.
public enum ExternalRanking {
    /// Reads `ranking` (TSV lines `qid, rank, id, score`; a header line is allowed) and the
    /// exported passages its ids name (`sakuin export` JSON lines). Returns each query's passages,
    /// best first. Errors name the file and line.
    public static func read(ranking: String, passages: String) throws(SakuinError) -> [String: [Evaluator.RankedPassage]] {
        var byID: [String: Evaluator.RankedPassage] = [:]
        let exported = try text(of: passages)
        for (number, line) in exported.split(separator: "\n").enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = object["id"] as? String, let doc = object["doc"] as? String,
                  let text = object["text"] as? String else {
                throw SakuinError.invalidRequest("\(passages):\(number + 1): not a passage line of `sakuin export`")
            }
            byID[id] = Evaluator.RankedPassage(document: doc, text: text)
        }
        var rows: [(query: String, rank: Int, passage: Evaluator.RankedPassage)] = []
        for (number, line) in try text(of: ranking).split(separator: "\n").enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, let rank = Int(fields[1]) else {
                if number == 0 { continue }  // a header line
                throw SakuinError.invalidRequest("\(ranking):\(number + 1): expected qid, rank, id, score")
            }
            guard let passage = byID[fields[2]] else {
                throw SakuinError.invalidRequest("\(ranking):\(number + 1): no passage \"\(fields[2])\" in \(passages)")
            }
            rows.append((fields[0], rank, passage))
        }
        var rankings: [String: [Evaluator.RankedPassage]] = [:]
        for row in rows.sorted(by: { ($0.query, $0.rank) < ($1.query, $1.rank) }) {
            rankings[row.query, default: []].append(row.passage)
        }
        return rankings
    }

    private static func text(of path: String) throws(SakuinError) -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SakuinError.invalidRequest("cannot read \(path) as UTF-8 text")
        }
    }
}
