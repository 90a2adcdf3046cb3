import Foundation
import Testing
@testable import Sakuin

@Suite("ranking evaluation")
struct EvaluationTests {
    @Test("nDCG@10 uses gain 2^grade − 1, a log2 discount and the ideal order of all judged grades")
    func ndcg() {
        let dcg = 7.0 / log2(2) + 0 + 3.0 / log2(4)
        let ideal = 7.0 / log2(2) + 3.0 / log2(3) + 1.0 / log2(4)
        #expect(abs(RankingMetrics.ndcg(credited: [3, 0, 2], judged: [1, 3, 2]) - dcg / ideal) < 1e-12)
        #expect(RankingMetrics.ndcg(credited: [3, 2, 1], judged: [1, 2, 3]) == 1)
        #expect(RankingMetrics.ndcg(credited: [0, 0], judged: [2]) == 0)
        // Only the first 10 ranks count.
        #expect(RankingMetrics.ndcg(credited: [Int](repeating: 0, count: 10) + [3], judged: [3]) == 0)
    }

    @Test("Recall@10 and the reciprocal rank")
    func recallAndReciprocalRank() {
        #expect(RankingMetrics.recall(credited: [3, 0, 2], judgedCount: 3) == 2.0 / 3.0)
        #expect(RankingMetrics.recall(credited: [], judgedCount: 4) == 0)
        #expect(RankingMetrics.reciprocalRank(credited: [0, 0, 2]) == 1.0 / 3.0)
        #expect(RankingMetrics.reciprocalRank(credited: [0, 0]) == 0)
    }

    @Test("anchors are compared after NFKC_Casefold with whitespace removed")
    func comparableText() {
        #expect(Evaluator.comparable("ＮＡＴＯ 加盟\n２０２２年") == "nato加盟2022年")
    }

    @Test("a judged set on a small index scores exactly")
    func endToEnd() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-eval-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let index = try SearchIndex(directory: folder + "/index")
        try index.add([
            InMemoryDocument(name: "a", text: "# 報告\n\n停戦交渉が始まった。\n"),
            InMemoryDocument(name: "b", text: "# 条件\n\n停戦の条件は厳しい。\n"),
            InMemoryDocument(name: "c", text: "# 別件\n\n経済制裁が続く。\n"),
        ])
        try """
            qid\tquery\tnotes
            q1\t停戦\ttwo judged passages, both found
            q2\t尖閣\tno judgments and no hits
            q3\t制裁\tjudged passage not found
            q4\t停戦交渉\tone judged, one found at rank 1

            """.write(toFile: folder + "/queries.tsv", atomically: true, encoding: .utf8)
        try """
            qid\tdoc\tanchor\tgrade
            q1\ta\t停戦交渉が 始まった\t3
            q1\tb\t停戦の条件\t2
            q3\ta\t制裁\t1
            q4\ta\t停戦交渉\t2

            """.write(toFile: folder + "/qrels.tsv", atomically: true, encoding: .utf8)
        let set = try JudgedSet(queriesFile: folder + "/queries.tsv", judgmentsFile: folder + "/qrels.tsv")
        let report = try Evaluator.evaluate(set, on: index)
        #expect(report.queries.map(\.id) == ["q1", "q2", "q3", "q4"])
        let q1 = report.queries[0]
        #expect(q1.recall == 1)
        #expect(q1.found == 2)
        #expect(q1.creditedGrades == [3, 2])
        #expect(q1.ndcg == 1)
        #expect(q1.reciprocalRank == 1)
        #expect(report.queries[1].ndcg == 1 && report.queries[1].recall == 1 && report.queries[1].reciprocalRank == 1)
        #expect(report.queries[2].ndcg == 0 && report.queries[2].recall == 0 && report.queries[2].found == 0)
        #expect(report.queries[3].creditedGrades.first == 2)
        #expect(report.queries[3].ndcg == 1)
        #expect(abs(report.meanRecall - (1 + 1 + 0 + 1) / 4) < 1e-12)
    }

    @Test("bad judged files are refused with the file and line")
    func badFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-eval-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let queries = folder + "/queries.tsv"
        let qrels = folder + "/qrels.tsv"
        try "qid\tquery\nq1\t停戦\n".write(toFile: queries, atomically: true, encoding: .utf8)

        try "qid\tdoc\tanchor\tgrade\nq1\ta\t停戦\tfive\n".write(toFile: qrels, atomically: true, encoding: .utf8)
        #expect(throws: SakuinError.invalidRequest("\(qrels):2: grade must be 0, 1, 2 or 3, not \"five\"")) {
            try JudgedSet(queriesFile: queries, judgmentsFile: qrels)
        }
        try "query\tqid\n".write(toFile: qrels, atomically: true, encoding: .utf8)
        #expect(throws: SakuinError.invalidRequest("\(qrels):1: the header must start with qid, doc, anchor, grade (tab-separated)")) {
            try JudgedSet(queriesFile: queries, judgmentsFile: qrels)
        }
        try "qid\tdoc\tanchor\tgrade\nq9\ta\t停戦\t1\n".write(toFile: qrels, atomically: true, encoding: .utf8)
        #expect(throws: SakuinError.invalidRequest("\(qrels): judgments for query q9, which \(queries) does not have")) {
            try JudgedSet(queriesFile: queries, judgmentsFile: qrels)
        }
        try "qid\tdoc\tanchor\tgrade\nq1\ta\n".write(toFile: qrels, atomically: true, encoding: .utf8)
        #expect(throws: SakuinError.invalidRequest("\(qrels):2: expected 4 tab-separated fields, found 2")) {
            try JudgedSet(queriesFile: queries, judgmentsFile: qrels)
        }
        #expect(throws: SakuinError.invalidRequest("cannot read \(folder)/missing.tsv as UTF-8 text")) {
            try JudgedSet(queriesFile: folder + "/missing.tsv", judgmentsFile: qrels)
        }
    }

    @Test("another engine's ranking is read back by exported passage id; bad files name the line")
    func externalRanking() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-eval-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let passages = folder + "/passages.jsonl"
        let ranking = folder + "/ranking.tsv"
        try """
            {"doc":"a","id":"a#1","text":"停戦交渉"}
            {"doc":"b","id":"b#1","text":"経済制裁"}

            """.write(toFile: passages, atomically: true, encoding: .utf8)
        try "qid\trank\tid\tscore\nq1\t2\ta#1\t1.0\nq1\t1\tb#1\t2.0\n".write(toFile: ranking, atomically: true, encoding: .utf8)
        let read = try ExternalRanking.read(ranking: ranking, passages: passages)
        #expect(read == ["q1": [.init(document: "b", text: "経済制裁"), .init(document: "a", text: "停戦交渉")]])

        try "q1\tfirst\ta#1\t1\nq1\tsecond\ta#1\t1\n".write(toFile: ranking, atomically: true, encoding: .utf8)
        #expect(throws: SakuinError.invalidRequest("\(ranking):2: expected qid, rank, id, score")) {
            try ExternalRanking.read(ranking: ranking, passages: passages)
        }
        try "not json\n".write(toFile: passages, atomically: true, encoding: .utf8)
        #expect(throws: SakuinError.invalidRequest("\(passages):1: not a passage line of `sakuin export`")) {
            try ExternalRanking.read(ranking: ranking, passages: passages)
        }
    }
}
