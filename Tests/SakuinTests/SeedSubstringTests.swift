import Foundation
import Testing
@testable import Sakuin

/// A substring of one line of a seed paper.
private struct Sample: CustomStringConvertible {
    var document: String
    var lineNumber: Int
    var text: String

    var description: String { "\(document):\(lineNumber) \"\(text)\"" }
}

/// Character classes for choosing samples.
private enum SampleCharacters {
    /// ASCII or full-width letters and digits, accented Latin, Greek and Cyrillic letters: the
    /// characters a word of an alphabet or a number is made of, which match only as whole words.
    static func isWordCharacter(_ character: Character) -> Bool {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x370...0x52F: return true
        case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A: return true
        default: return false
        }
    }

    /// A letter, digit, kana or kanji: something a query can search for.
    static func isSearchable(_ character: Character) -> Bool {
        character.unicodeScalars.contains { scalar in
            scalar.properties.isAlphabetic || scalar.properties.generalCategory == .decimalNumber
        }
    }

    /// Whitespace, controls (which the query lexer rejects) and format characters (which it drops).
    static func isUnusable(_ character: Character) -> Bool {
        character.unicodeScalars.contains { scalar in
            scalar.properties.isWhitespace || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.properties.generalCategory == .format || scalar.value == 0xFEFF
        }
    }

    /// The phrase delimiters of the query syntax, which a phrase cannot contain.
    static func isQuote(_ character: Character) -> Bool { character == "\"" || character == "＂" }
}

@Suite("every sampled substring of a seed paper is found in its passage")
struct SeedSubstringTests {
    /// The samples, drawn from the lines of the seed papers with a fixed seed.
    private static func samples(count wanted: Int) -> (samples: [Sample], rejected: [String: Int]) {
        var lines: [(document: String, lineNumber: Int, characters: [Character])] = []
        for seed in TestIndex.seedFiles {
            for (offset, line) in TestIndex.seedLines(seed.name).enumerated() where !line.isEmpty {
                lines.append((seed.name, offset + 1, Array(line)))
            }
        }
        var generator = SplitMix64(seed: 0x5A4B_1E_2025)
        var samples: [Sample] = []
        var rejected: [String: Int] = [:]
        var attempts = 0
        while samples.count < wanted, attempts < 50 * wanted, !lines.isEmpty {
            attempts += 1
            let line = lines[Int(generator.next() % UInt64(lines.count))]
            let characters = line.characters
            let length = min(1 + Int(generator.next() % 12), characters.count)
            let start = Int(generator.next() % UInt64(characters.count - length + 1))
            let end = start + length
            let piece = characters[start..<end]
            if piece.contains(where: SampleCharacters.isUnusable) {
                rejected["whitespace or control", default: 0] += 1
            } else if piece.contains(where: SampleCharacters.isQuote) {
                rejected["quote", default: 0] += 1
            } else if !piece.contains(where: SampleCharacters.isSearchable) {
                rejected["punctuation only", default: 0] += 1
            } else if start > 0, SampleCharacters.isWordCharacter(characters[start - 1]),
                      SampleCharacters.isWordCharacter(characters[start]) {
                rejected["starts inside a word", default: 0] += 1
            } else if end < characters.count, SampleCharacters.isWordCharacter(characters[end]),
                      SampleCharacters.isWordCharacter(characters[end - 1]) {
                rejected["ends inside a word", default: 0] += 1
            } else {
                samples.append(Sample(document: line.document, lineNumber: line.lineNumber, text: String(piece)))
            }
        }
        return (samples, rejected)
    }

    /// How many samples are drawn; the check runs in `parts` parallel parts.
    private static let sampleCount = 600
    private static let parts = 4

    @Test("at least 500 usable substrings are sampled, the same on every run")
    func samplingIsDeterministic() {
        let (samples, rejected) = Self.samples(count: Self.sampleCount)
        print("SeedSubstringTests: \(samples.count) samples; rejected while sampling: \(rejected.sorted { $0.key < $1.key })")
        #expect(samples.count == Self.sampleCount)
        #expect(samples.map(\.description) == Self.samples(count: Self.sampleCount).samples.map(\.description))
        #expect(Set(samples.map(\.document)).count == TestIndex.seedFiles.count)
        #expect(samples.contains { $0.text.count == 1 } && samples.contains { $0.text.count == 12 })
    }

    @Test("sampled substrings are each found as a phrase in the passage of their line", arguments: 0..<parts)
    func sampledSubstringsAreFound(part: Int) throws {
        let index = try TestIndex.seeds()
        let all = Self.samples(count: Self.sampleCount).samples
        let samples = all.indices.filter { $0 % Self.parts == part }.map { all[$0] }

        var failures: [String: [String]] = [:]
        for sample in samples {
            let query = "\"\(sample.text)\""
            func isOnTheLine(_ hit: SearchHit) -> Bool {
                hit.document.name == sample.document && (hit.lineStart...hit.lineEnd).contains(sample.lineNumber)
            }
            do {
                // Snippets make every returned hit cost, so ask for few first and for all only
                // when the line was not among them.
                var results = try index.search(query, options: SearchOptions(limit: 16, groupsByDocument: false))
                if !results.hits.contains(where: isOnTheLine), results.total > results.hits.count {
                    results = try index.search(query, options: SearchOptions(limit: results.total, groupsByDocument: false))
                }
                if results.hits.contains(where: isOnTheLine) { continue }
                if results.hits.isEmpty {
                    failures["no hit at all", default: []].append("\(sample)")
                } else {
                    let elsewhere = results.hits.prefix(3).map { "\(HitLocation($0))" }.joined(separator: ", ")
                    failures["hits, but none on the sample's line", default: []]
                        .append("\(sample) → \(results.hits.count) hits: \(elsewhere)…")
                }
            } catch {
                failures["error: \(error.description)", default: []].append("\(sample)")
            }
        }
        print("SeedSubstringTests: part \(part) checked \(samples.count) samples")
        #expect(samples.count >= Self.sampleCount / Self.parts)
        let report = failures.sorted { $0.key < $1.key }.map { cause, list in
            "\(cause) (\(list.count)):\n  " + list.joined(separator: "\n  ")
        }.joined(separator: "\n")
        let failed = failures.values.map(\.count).reduce(0, +)
        #expect(failures.isEmpty, "\(failed) of \(samples.count) samples not found:\n\(report)")
    }
}
