# Build Stuurwijzer for Windows: the one-folder bundle and a per-user installer (no admin rights).
#
#   powershell -ExecutionPolicy Bypass -File build_scripts\build_windows.ps1 [-Python py] [-SkipInstaller]
#
# Results:
#   dist\stuurwijzer\stuurwijzer.exe                 the frozen app
#   dist\Stuurwijzer-<version>-installatie.exe       the installer (Inno Setup)
#
# Needs Python 3.11 (the py launcher or -Python C:\path\python.exe) and Inno Setup 6.3 or later;
# when ISCC.exe is missing and Chocolatey is there (GitHub's windows runners), it installs
# Inno Setup with Chocolatey. Cannot run on this project's Linux CI: .github/workflows/build.yml
# runs it on a hosted Windows runner.

param(
    [string]$Python = "",
    [switch]$SkipInstaller
)

$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

# 1. The environment: .venv from requirements.lock (PyInstaller included), like bootstrap.sh.
$VenvPython = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $VenvPython)) {
    if ($Python) {
        Invoke-Checked $Python @("-m", "venv", ".venv")
    } elseif (Get-Command py -ErrorAction SilentlyContinue) {
        Invoke-Checked "py" @("-3.11", "-m", "venv", ".venv")
    } else {
        Invoke-Checked "python" @("-m", "venv", ".venv")
    }
}
$PyVersion = & $VenvPython -c "import sys; print('%d.%d' % sys.version_info[:2])"
if ($PyVersion -ne "3.11") { throw "Stuurwijzer needs Python 3.11, .venv has $PyVersion (remove .venv, pass -Python)." }
Invoke-Checked $VenvPython @("-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.lock")
Invoke-Checked $VenvPython @("-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "-e", ".")
$Version = & $VenvPython -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])"
$VersionNumeric = ($Version -replace '[^0-9.].*$', '').TrimEnd('.')
Write-Host "Freezing Stuurwijzer $Version with PyInstaller ..."

# 2. The bundle. The spec reads resources\icons\stuurwijzer.ico and embeds the version info.
$Dist = Join-Path $Root "dist"
$Work = Join-Path $Root "build"
Invoke-Checked $VenvPython @("-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
    "--distpath", $Dist, "--workpath", $Work, "build_scripts\stuurwijzer.spec")
$Bundle = Join-Path $Dist "stuurwijzer"
$Exe = Join-Path $Bundle "stuurwijzer.exe"

# 3. Smoke tests on the frozen app. It is a windowed program (no console), so check exit codes.
$env:QT_QPA_PLATFORM = "offscreen"
$env:STUURWIJZER_BUNDLE_CHECK = "1"
$check = Start-Process -FilePath $Exe -Wait -PassThru -NoNewWindow -RedirectStandardOutput (Join-Path $Work "bundle-check.txt")
Remove-Item Env:\STUURWIJZER_BUNDLE_CHECK
if ($check.ExitCode -ne 0) { Get-Content (Join-Path $Work "bundle-check.txt"); throw "bundle check failed" }
$selftest = Start-Process -FilePath $Exe -ArgumentList @("selftest") -Wait -PassThru -NoNewWindow
if ($selftest.ExitCode -ne 0) { throw "selftest in the bundle failed (exit code $($selftest.ExitCode))" }
Remove-Item Env:\QT_QPA_PLATFORM
$SizeMB = [math]::Round(((Get-ChildItem $Bundle -Recurse -File | Measure-Object Length -Sum).Sum / 1MB), 0)
Write-Host "Bundle: $Bundle ($SizeMB MB); selftest and bundle check passed"

if ($SkipInstaller) { exit 0 }

# 4. The installer.
function Find-Iscc {
    $candidates = @(Get-Command "ISCC.exe" -ErrorAction SilentlyContinue | ForEach-Object { $_.Source })
    foreach ($base in @(${env:ProgramFiles(x86)}, $env:ProgramFiles, (Join-Path $env:LOCALAPPDATA "Programs"))) {
        foreach ($name in @("Inno Setup 7", "Inno Setup 6")) {
            if ($base) { $candidates += (Join-Path $base "$name\ISCC.exe") }
        }
    }
    return $candidates | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
}
$Iscc = Find-Iscc
if (-not $Iscc -and (Get-Command choco -ErrorAction SilentlyContinue)) {
    Write-Host "Installing Inno Setup with Chocolatey ..."
    Invoke-Checked "choco" @("install", "innosetup", "--yes", "--no-progress")
    $Iscc = Find-Iscc
}
if (-not $Iscc -or -not (Test-Path $Iscc)) { throw "Inno Setup (ISCC.exe) not found: install Inno Setup 6.3 or later." }

# The script gets its version and absolute paths as #define lines in front of a copy, which
# works the same on every Inno Setup version (no command-line define syntax involved).
# tests/installers/test_windows_installer.py passes the same defines under Wine and reads
# their names from the list below: keep one define per string, in this form.
$Script = Join-Path $Work "stuurwijzer.iss"
$Defines = @(
    "#define AppVersion `"$Version`"",
    "#define AppVersionNumeric `"$VersionNumeric`"",
    "#define RootDir `"$Root`"",
    "#define BundleDir `"$Bundle`"",
    "#define OutputDir `"$Dist`""
)
$Template = Get-Content (Join-Path $Root "build_scripts\windows\stuurwijzer.iss") -Raw -Encoding UTF8
$Utf8 = New-Object System.Text.UTF8Encoding($true)
[System.IO.File]::WriteAllText($Script, (($Defines -join "`r`n") + "`r`n" + $Template), $Utf8)
Invoke-Checked $Iscc @($Script)
Write-Host "Installer: $(Join-Path $Dist "Stuurwijzer-$Version-installatie.exe")"
