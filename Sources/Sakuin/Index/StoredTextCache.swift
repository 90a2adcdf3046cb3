/// The stored-text blocks a catalog decompressed recently, with the block tables of their
/// documents, so that the hits of one page that share a block inflate it once and a cached
/// block is read without fetching its document's blob at all.
///
/// Entries are valid for one catalog `generation`: ids of removed documents are given again, so
/// a block is only reused within one commit. Both lists are short and scanned from the most
/// recent end; a page of hits touches a handful of blocks.
struct StoredTextCache {
    /// How many decompressed blocks the cache keeps.
    static let blockCapacity = 16
    /// How many documents' block tables the cache keeps.
    static let tableCapacity = 16

    /// The generation the entries belong to; nil when empty.
    private(set) var generation: Int64?
    /// Most recently used last.
    private var tables: [(document: Int64, table: TextCompression.BlockTable)] = []
    private var blocks: [(document: Int64, block: Int, text: [UInt8])] = []

    /// Drops every entry unless they belong to `generation`.
    mutating func validate(generation: Int64) {
        guard generation != self.generation else { return }
        removeAll()
        self.generation = generation
    }

    mutating func removeAll() {
        tables = []
        blocks = []
        generation = nil
    }

    /// The block table of `document`, if cached.
    mutating func table(document: Int64) -> TextCompression.BlockTable? {
        guard let index = tables.lastIndex(where: { $0.document == document }) else { return nil }
        let entry = tables.remove(at: index)
        tables.append(entry)
        return entry.table
    }

    mutating func insert(_ table: TextCompression.BlockTable, document: Int64) {
        tables.removeAll { $0.document == document }
        tables.append((document, table))
        if tables.count > Self.tableCapacity { tables.removeFirst() }
    }

    /// The text of block `block` of `document`, if cached.
    mutating func block(_ block: Int, document: Int64) -> [UInt8]? {
        guard let index = blocks.lastIndex(where: { $0.document == document && $0.block == block }) else { return nil }
        let entry = blocks.remove(at: index)
        blocks.append(entry)
        return entry.text
    }

    mutating func insert(block: Int, document: Int64, text: [UInt8]) {
        blocks.removeAll { $0.document == document && $0.block == block }
        blocks.append((document, block, text))
        if blocks.count > Self.blockCapacity { blocks.removeFirst() }
    }
}
