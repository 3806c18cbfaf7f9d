#ifndef STT_CPCAP_SHIM_H
#define STT_CPCAP_SHIM_H
#include <pcap/pcap.h>
#endif
