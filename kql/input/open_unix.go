//go:build unix

package input

import "syscall"

// nonBlock opens without waiting: opening a FIFO for reading would
// otherwise block until a writer comes.
const nonBlock = syscall.O_NONBLOCK
