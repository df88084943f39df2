package displaybench

// Pid is the app's process id (e.g. to read its memory in /proc).
func (a *App) Pid() int { return a.cmd.Process.Pid }
