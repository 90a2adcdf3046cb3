#include "sakuin_icu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utypes.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>
#include <unicode/unorm2.h>
#include <unicode/ubrk.h>
#include <unicode/utf16.h>

void sk_icu_versions(char icuVersion[32], char unicodeVersion[32]) {
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, icuVersion);
    u_getUnicodeVersion(info);
    u_versionToString(info, unicodeVersion);
}

int32_t sk_nfkc_casefold_mapped(const uint16_t *source, int32_t sourceLength,
                                uint16_t *destination, int32_t *destinationSourceIndex,
                                int32_t capacity, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status)) { *errorCode = status; return -2; }
    const UChar *text = (const UChar *)source;
    int32_t written = 0;
    int32_t index = 0;
    while (index < sourceLength) {
        // A prefix that is already normalized is copied as is, unit by unit (the common case
        // for Japanese text). Its end is a normalization boundary.
        status = U_ZERO_ERROR;
        int32_t span = unorm2_spanQuickCheckYes(normalizer, text + index, sourceLength - index, &status);
        if (U_FAILURE(status)) { *errorCode = status; return -2; }
        if (written + span > capacity) { *errorCode = U_BUFFER_OVERFLOW_ERROR; return -1; }
        for (int32_t k = 0; k < span; k++) {
            destination[written + k] = source[index + k];
            destinationSourceIndex[written + k] = index + k;
        }
        written += span;
        index += span;
        if (index >= sourceLength) break;
        // The next segment runs to the next code point that has a boundary before it.
        int32_t end = index;
        UChar32 c;
        U16_NEXT(text, end, sourceLength, c);
        while (end < sourceLength) {
            int32_t probe = end;
            U16_NEXT(text, probe, sourceLength, c);
            if (unorm2_hasBoundaryBefore(normalizer, c)) break;
            end = probe;
        }
        status = U_ZERO_ERROR;
        int32_t length = unorm2_normalize(normalizer, text + index, end - index,
                                          (UChar *)destination + written, capacity - written, &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) { *errorCode = status; return -1; }
        if (U_FAILURE(status)) { *errorCode = status; return -2; }
        for (int32_t k = 0; k < length; k++) destinationSourceIndex[written + k] = index;
        written += length;
        index = end;
    }
    *errorCode = 0;
    return written;
}

struct SKWordBreaker {
    UBreakIterator *iterator;
};

SKWordBreaker *sk_word_breaker_open(const char *locale, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *iterator = ubrk_open(UBRK_WORD, locale, NULL, 0, &status);
    if (U_FAILURE(status)) { *errorCode = status; return NULL; }
    SKWordBreaker *breaker = malloc(sizeof(SKWordBreaker));
    if (breaker == NULL) { ubrk_close(iterator); *errorCode = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    breaker->iterator = iterator;
    *errorCode = 0;
    return breaker;
}

void sk_word_breaker_close(SKWordBreaker *breaker) {
    if (breaker == NULL) return;
    ubrk_close(breaker->iterator);
    free(breaker);
}

int32_t sk_word_breaker_set_text(SKWordBreaker *breaker, const uint16_t *text, int32_t length) {
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(breaker->iterator, (const UChar *)text, length, &status);
    return U_FAILURE(status) ? (int32_t)status : 0;
}

int32_t sk_word_breaker_next(SKWordBreaker *breaker, int32_t *ruleStatus) {
    int32_t boundary = ubrk_next(breaker->iterator);
    if (boundary == UBRK_DONE) return -1;
    *ruleStatus = ubrk_getRuleStatus(breaker->iterator);
    return boundary;
}
