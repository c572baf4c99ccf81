## src/net: HTTP, JOSE, DPoP, HelseID, Selvbetjening, Enhetsregisteret, loopback, browser, preflight.
noinst_LIBRARIES += libhelseid_net.a
libhelseid_net_a_SOURCES =
