// Package faultproxy is a TCP proxy for fault tests: it stands between a
// client and a real server (MinIO) and, per connection, resets, stalls,
// truncates or drops traffic, so that tests can prove exactly-once uploads
// over a bad network. It is test support, never used by the product.
package faultproxy
