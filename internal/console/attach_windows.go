//go:build windows

package console

import (
	"os"
	"syscall"
)

var (
	kernel32          = syscall.NewLazyDLL("kernel32.dll")
	procAttachConsole = kernel32.NewProc("AttachConsole")
	procSetStdHandle  = kernel32.NewProc("SetStdHandle")
)

// The DWORD arguments: ATTACH_PARENT_PROCESS (-1), STD_OUTPUT_HANDLE (-11)
// and STD_ERROR_HANDLE (-12).
const (
	attachParentProcess = uintptr(0xFFFFFFFF)
	stdOutputHandle     = uintptr(0xFFFFFFF5)
	stdErrorHandle      = uintptr(0xFFFFFFF4)
)

// Attach connects standard output and standard error, where they are
// missing, to the console of the process that started this one (cmd.exe,
// PowerShell). A program started by a double click has no such console,
// and nothing changes.
func Attach() {
	needOut, needErr := missing(os.Stdout), missing(os.Stderr)
	if !needOut && !needErr {
		return
	}
	if ok, _, _ := procAttachConsole.Call(attachParentProcess); ok == 0 {
		return
	}
	name, err := syscall.UTF16PtrFromString("CONOUT$")
	if err != nil {
		return
	}
	h, err := syscall.CreateFile(name, syscall.GENERIC_READ|syscall.GENERIC_WRITE,
		syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE, nil, syscall.OPEN_EXISTING, 0, 0)
	if err != nil {
		return
	}
	f := os.NewFile(uintptr(h), "CONOUT$")
	if needOut {
		os.Stdout = f
		procSetStdHandle.Call(stdOutputHandle, uintptr(h))
	}
	if needErr {
		os.Stderr = f
		procSetStdHandle.Call(stdErrorHandle, uintptr(h))
	}
}

// missing reports whether f is no usable handle: a GUI program started
// from a console gets none.
func missing(f *os.File) bool {
	if f == nil {
		return true
	}
	h := syscall.Handle(f.Fd())
	if h == 0 || h == syscall.InvalidHandle {
		return true
	}
	_, err := syscall.GetFileType(h)
	return err != nil
}
