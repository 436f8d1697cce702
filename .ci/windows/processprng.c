/*
 * A test-only stand-in for bcryptprimitives.dll under Wine 8.0, which lacks
 * it. Go 1.22 and newer take their random numbers from its ProcessPrng;
 * Windows 10 and 11 have the real DLL. Built by .ci/wine-test into the
 * cached Wine prefix's system32 only: it is never packaged or shipped.
 */
#include <windows.h>

/* RtlGenRandom, exported by advapi32 under this name. */
BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
