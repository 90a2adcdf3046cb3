import Foundation
import Sakuin
import Testing

/// The README's library example, compiled here and run; a test checks that the README shows
/// exactly this code, so the two cannot drift apart.
@Suite("README library example")
struct ReadmeExampleTests {
    /// The example's body, between the markers, is the README's code block minus its imports.
    private func runExample() throws -> SearchResults {
        // README-EXAMPLE-BEGIN
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sakuin-example-\(UUID().uuidString)").path
        let index = try SearchIndex(directory: directory)
        try index.add([
            InMemoryDocument(name: "memo", text: "# 停戦交渉\n\n停戦交渉は難航した。\nロシア軍\nの能力は減少傾向にある。\n"),
        ])
        let results = try index.search("ロシア軍の能力")
        for hit in results.hits {
            print("\(hit.document.name):\(hit.lineStart)-\(hit.lineEnd): \(hit.snippet.text)")
        }
        // README-EXAMPLE-END
        try? FileManager.default.removeItem(atPath: directory)
        return results
    }

    @Test("runs and finds the phrase across the line break")
    func runs() throws {
        let results = try runExample()
        #expect(results.total == 1)
        let hit = try #require(results.hits.first)
        #expect(hit.document.name == "memo")
        #expect(hit.lineStart == 3)
        #expect(hit.lineEnd == 5)
        #expect(hit.snippet.text == "停戦交渉は難航した。ロシア軍の能力は減少傾向にある。")
        #expect(hit.snippet.highlights == [10..<17])
    }

    @Test("the README shows exactly this code")
    func readmeMatches() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let body = try #require(source.components(separatedBy: "// README-EXAMPLE-BEGIN\n").last?
            .components(separatedBy: "        // README-EXAMPLE-END").first)
        let code = body.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }.joined(separator: "\n")
        let expected = "```swift\nimport Foundation\nimport Sakuin\n\n" + code + "```"
        #expect(readme.contains(expected))
    }
}
