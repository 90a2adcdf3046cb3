import ICUBridge

/// An ICU word break iterator for Japanese, owned by one task (ICU iterators are not thread-safe).
final class WordBreaker {
    /// A word found by the iterator: its UTF-16 range and ICU rule status.
    struct Word {
        var range: Range<Int>
        /// ICU's rule status: 0–99 none (spaces, punctuation), 100 number, 200 letter, 300 kana,
        /// 400 ideographic.
        var ruleStatus: Int32
    }

    private let handle: OpaquePointer

    /// Opens an iterator for locale `ja`.
    init() throws(AnalysisError) {
        var errorCode: Int32 = 0
        guard let handle = sk_word_breaker_open("ja", &errorCode) else {
            throw AnalysisError.icuFailure(operation: "opening the word break iterator", code: errorCode)
        }
        self.handle = handle
    }

    deinit { sk_word_breaker_close(handle) }

    /// Calls `body` for every word of `units` whose rule status is at least 100.
    func forEachWord(in units: [UInt16], _ body: (Word) -> Void) {
        guard !units.isEmpty else { return }
        units.withUnsafeBufferPointer { buffer in
            guard sk_word_breaker_set_text(handle, buffer.baseAddress, Int32(buffer.count)) == 0 else { return }
            var start = 0
            var status: Int32 = 0
            while true {
                let boundary = sk_word_breaker_next(handle, &status)
                if boundary < 0 { break }
                let end = Int(boundary)
                if status >= 100 && end > start { body(Word(range: start..<end, ruleStatus: status)) }
                start = end
            }
            // Detach the iterator from the buffer before it goes away.
            _ = sk_word_breaker_set_text(handle, nil, 0)
        }
    }
}
