// The only door between Sakuin and the system ICU.
//
// Swift cannot import ICU's headers directly on this platform: ICU's functions are
// version-renaming macros, and a Swift module that sees both Foundation (which carries its own
// ICU) and the system ICU headers does not compile. So this header exposes plain C types only;
// the ICU headers are included by sakuin_icu.c alone.
#ifndef SAKUIN_ICU_H
#define SAKUIN_ICU_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Writes the ICU version ("72.1") and Unicode version ("15.0") as NUL-terminated strings.
void sk_icu_versions(char icuVersion[32], char unicodeVersion[32]);

/// Normalizes UTF-16 `source` with NFKC_Casefold, one normalization segment at a time.
/// For each UTF-16 unit written to `destination`, `destinationSourceIndex` receives the index in
/// `source` of the first unit of the segment it came from, so that offsets map back exactly.
/// Returns the number of units written, or -1 when `capacity` is too small (call again with a
/// larger buffer), or -2 on any other ICU error (`*errorCode` holds ICU's code).
int32_t sk_nfkc_casefold_mapped(const uint16_t *source, int32_t sourceLength,
                                uint16_t *destination, int32_t *destinationSourceIndex,
                                int32_t capacity, int32_t *errorCode);

/// An ICU word break iterator (not thread-safe: one per task).
typedef struct SKWordBreaker SKWordBreaker;

/// Opens a word break iterator for `locale` ("ja"). Returns NULL and sets `*errorCode` on failure.
SKWordBreaker *sk_word_breaker_open(const char *locale, int32_t *errorCode);

/// Closes an iterator opened by `sk_word_breaker_open`.
void sk_word_breaker_close(SKWordBreaker *breaker);

/// Points the iterator at `text`, which must stay alive and unchanged while it is iterated.
/// Returns 0 on success or ICU's error code.
int32_t sk_word_breaker_set_text(SKWordBreaker *breaker, const uint16_t *text, int32_t length);

/// Moves to the next boundary and returns its UTF-16 offset, or -1 at the end. `*ruleStatus`
/// receives the rule status of the word that ends there (0–99 none, 100 number, 200 letter,
/// 300 kana, 400 ideographic).
int32_t sk_word_breaker_next(SKWordBreaker *breaker, int32_t *ruleStatus);

/// Runs ICU's charset detector over `bytes` and writes its candidates, best first: the name of
/// candidate `i` ("Shift_JIS", "EUC-JP", "UTF-16LE"…) as a NUL-terminated string at
/// `names + i * nameCapacity`, its confidence (0–100) at `confidences[i]`. Candidates whose name
/// does not fit in `nameCapacity` bytes are left out. Returns the number written (at most
/// `capacity`), or -1 on an ICU error (`*errorCode` holds ICU's code).
int32_t sk_charset_detect(const uint8_t *bytes, int32_t length,
                          char *names, int32_t nameCapacity, int32_t *confidences, int32_t capacity,
                          int32_t *errorCode);

/// Converts `source`, in the charset ICU knows as `charset`, to UTF-16, strictly: an illegal,
/// truncated or unassigned sequence stops the conversion instead of being substituted.
/// Returns the number of UTF-16 units written; -1 when `capacity` is too small (call again with a
/// larger buffer); -2 when the input does not fit the charset, with `*invalidOffset` set to the
/// byte offset in `source` where the offending sequence starts; -3 on any other ICU error (such
/// as an unknown charset). `*errorCode` holds ICU's code.
int32_t sk_convert_to_utf16(const char *charset, const uint8_t *source, int32_t sourceLength,
                            uint16_t *destination, int32_t capacity,
                            int32_t *invalidOffset, int32_t *errorCode);

/// Converts UTF-16 `source` to the charset ICU knows as `charset`, strictly (no substitution, no
/// fallback mappings). Returns the number of bytes written, or -1, -2, -3 as
/// `sk_convert_to_utf16`; on -2, `*invalidOffset` is the UTF-16 offset of the character that the
/// charset cannot represent.
int32_t sk_convert_from_utf16(const char *charset, const uint16_t *source, int32_t sourceLength,
                              uint8_t *destination, int32_t capacity,
                              int32_t *invalidOffset, int32_t *errorCode);

#ifdef __cplusplus
}
#endif

#endif
