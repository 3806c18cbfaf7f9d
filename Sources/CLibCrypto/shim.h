#ifndef STT_CLIBCRYPTO_SHIM_H
#define STT_CLIBCRYPTO_SHIM_H
// OpenSSL 3's libcrypto (Debian's libssl-dev): only the EVP AEAD interface is used, with one
// context per key kept for the key's lifetime so that no packet pays for a key schedule.
#include <openssl/evp.h>
#endif
