package testbench

import (
	"github.com/afterimage-clinic/afterimage/internal/testbench/audiobench"
	"github.com/afterimage-clinic/afterimage/internal/testbench/benchenv"
	"github.com/afterimage-clinic/afterimage/internal/testbench/displaybench"
	"github.com/afterimage-clinic/afterimage/internal/testbench/s3bench"
)

// Environment variables exported by the bench runner (see benchenv).
const (
	EnvActive    = benchenv.EnvActive
	EnvS3        = benchenv.EnvS3
	EnvS3Access  = benchenv.EnvS3Access
	EnvS3Secret  = benchenv.EnvS3Secret
	EnvTools     = benchenv.EnvTools
	EnvLocks     = benchenv.EnvLocks
	EnvPIDs      = benchenv.EnvPIDs
	EnvPulseSink = benchenv.EnvPulseSink
)

// The bench's environment, tools and child processes (package benchenv).
var (
	Active       = benchenv.Active
	Tool         = benchenv.Tool
	Program      = benchenv.Program
	BuildCommand = benchenv.BuildCommand
	ModuleRoot   = benchenv.ModuleRoot
	FreeAddr     = benchenv.FreeAddr
	WaitHTTP     = benchenv.WaitHTTP
	ChildAttr    = benchenv.ChildAttr
)

// S3 (package s3bench).
type (
	S3Env = s3bench.S3Env
	MinIO = s3bench.MinIO
)

// S3 (package s3bench).
var (
	S3         = s3bench.S3
	NewClient  = s3bench.NewClient
	StartMinIO = s3bench.StartMinIO
)

// Audio (package audiobench).
type AudioEnv = audiobench.AudioEnv

// Audio and signals (package audiobench).
var (
	Audio             = audiobench.Audio
	Sine              = audiobench.Sine
	RMS               = audiobench.RMS
	DominantFrequency = audiobench.DominantFrequency
	DB                = audiobench.DB
)

// The display and the apps on it (package displaybench).
type (
	App     = displaybench.App
	XClient = displaybench.XClient
	Frames  = displaybench.Frames
)

// The display, the apps on it and their screenshots (package displaybench).
var (
	Display        = displaybench.Display
	PrivateDisplay = displaybench.PrivateDisplay
	StartApp       = displaybench.StartApp
	StartAppOn     = displaybench.StartAppOn
	ScreenshotDir  = displaybench.ScreenshotDir
	DialX          = displaybench.DialX
	WatchFrames    = displaybench.WatchFrames
	Regions        = displaybench.Regions
	Largest        = displaybench.Largest
	Center         = displaybench.Center
	Same           = displaybench.Same
	SameOutside    = displaybench.SameOutside
	Still          = displaybench.Still
	Share          = displaybench.Share
)
