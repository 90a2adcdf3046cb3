/// Bigrams of a phrase that their neighbours and one run-end check imply, so that their
/// postings need not be read.
///
/// Every character of a Japanese run starts exactly one gram: the bigram with the next
/// character while the run goes on, the character's run-tail gram where it ends. In the chain
/// `パッ ッケ ケー ージ` at offsets 0 to 3, once `ッケ` is at `p + 1` and `ージ` at `p + 3`, the gram
/// at `p + 2` starts with `ケ`, and it is `ケー` unless the run ends at that `ケ` (before a space,
/// which positions do not count): `ケー` is at `p + 2` exactly when the run-tail gram `ケ` is not.
/// A run seldom ends inside a word, so that gram's postings are mostly far fewer than the
/// bigram's, and where the segment has none at all, the bigram needs no check.
///
/// Only a bigram of two one-unit characters between two such bigrams at the offsets just before
/// and after it is replaced, and never two neighbours, since each replaced bigram leans on the
/// two beside it.
enum ImpliedBigrams {
    /// Fewest postings every atom of a phrase must have before any of its bigrams is replaced:
    /// two blocks' worth.
    static let minimumPostings = 256

    /// A bigram atom read as the absence of its first character's run-tail gram.
    struct Replacement: Equatable {
        /// The atom's index in the pattern.
        var atom: Int
        /// The run-tail gram that must not be at the atom's offset; nil when the segment has
        /// none, and the atom is implied outright.
        var runEnd: SegmentReader.TermLocation?
    }

    /// The atoms of `atoms` (in offset order, as patterns keep them; `locations` their terms in
    /// this segment, nil for a prefix) to replace, when no atom has fewer than
    /// ``minimumPostings``: bigrams with more postings than the rarest atom, whose run-tail gram
    /// has at most half as many, chosen to save the most postings in all.
    static func replacements(of atoms: [PhraseAtom], locations: [SegmentReader.TermLocation?],
                             reader: SegmentReader) -> [Replacement] {
        guard atoms.count >= 3 else { return [] }
        // The rarest atom leads the intersection and bounds its work: it is never replaced, and
        // when it is rare, the others are read only in the few blocks it reaches, so a run-tail
        // gram's lookup and blocks would cost more than the bigram's blocks they spare.
        let rarest = locations.reduce(Int.max) { rarest, location in min(rarest, location?.documentFrequency ?? .max) }
        guard rarest >= ImpliedBigrams.minimumPostings, rarest < .max else { return [] }
        // What replacing each atom would save, and its run-tail gram.
        var savings = [Int](repeating: 0, count: atoms.count)
        var runEnds = [SegmentReader.TermLocation?](repeating: nil, count: atoms.count)
        for index in 1..<(atoms.count - 1) {
            guard let bigram = locations[index], bigram.documentFrequency > rarest,
                  locations[index - 1] != nil, locations[index + 1] != nil,
                  let character = chainedFirstCharacter(atoms[index - 1], atoms[index], atoms[index + 1])
            else { continue }
            let runEnd = reader.termLocation(of: character)
            let cost = runEnd?.documentFrequency ?? 0
            guard cost * 2 <= bigram.documentFrequency else { continue }
            savings[index] = bigram.documentFrequency - cost
            runEnds[index] = runEnd
        }
        // The most saving set of atoms with no two at neighbouring indices (neighbours in the
        // pattern are neighbours in offset here): best[i] is the best over the atoms before i,
        // and takes[i] whether that best takes atom i - 1.
        var best = [Int](repeating: 0, count: atoms.count + 1)
        var takes = [Bool](repeating: false, count: atoms.count + 1)
        for index in atoms.indices {
            let taking = savings[index] > 0 ? savings[index] + (index >= 1 ? best[index - 1] : 0) : 0
            takes[index + 1] = taking > best[index]
            best[index + 1] = max(best[index], taking)
        }
        var chosen: [Replacement] = []
        var index = atoms.count
        while index > 0 {
            if takes[index] {
                chosen.append(Replacement(atom: index - 1, runEnd: runEnds[index - 1]))
                index -= 2
            } else {
                index -= 1
            }
        }
        return chosen.reversed()
    }

    /// A bigram of two characters of one UTF-16 unit each, matched exactly.
    private static func isSimpleBigram(_ atom: PhraseAtom) -> Bool {
        atom.role == .bigram && !atom.isPrefix && atom.length == 2
    }

    /// The key of the gram of `bigram`'s first character alone, in the same field (the kind
    /// byte and the character's UTF-8), when `previous`, `bigram` and `next` are bigrams of
    /// one-unit characters at consecutive offsets that chain: `previous` ends with `bigram`'s
    /// first character and `next` starts with its second. Nil otherwise.
    private static func chainedFirstCharacter(_ previous: PhraseAtom, _ bigram: PhraseAtom, _ next: PhraseAtom) -> [UInt8]? {
        guard isSimpleBigram(previous), isSimpleBigram(bigram), isSimpleBigram(next),
              previous.offset + 1 == bigram.offset, bigram.offset + 1 == next.offset,
              previous.key.first == bigram.key.first, next.key.first == bigram.key.first,
              bigram.key.count >= 3
        else { return nil }
        let width = UTF8Sequence.shape(ofLead: bigram.key[1])?.length ?? 1
        guard 1 + width < bigram.key.count else { return nil }
        let first = bigram.key[1...width]
        let second = bigram.key[(1 + width)...]
        guard previous.key.dropFirst().reversed().starts(with: first.reversed()),
              next.key.dropFirst().starts(with: second) else { return nil }
        return Array(bigram.key[...width])
    }
}
