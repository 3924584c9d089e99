; Inno Setup script for Stuurwijzer: a per-user install that needs no admin rights.
;
; Do not compile this file directly: build_scripts/build_windows.ps1 freezes the app and then
; compiles a copy with these lines in front (absolute paths, version from pyproject.toml):
;   #define AppVersion "0.1.0"
;   #define AppVersionNumeric "0.1.0"          (digits and dots only, for the file properties)
;   #define RootDir "C:\...\stuurwijzer"      (the repository)
;   #define BundleDir "C:\...\dist\stuurwijzer" (PyInstaller's one-folder bundle)
;   #define OutputDir "C:\...\dist"
; Written for Inno Setup 6.3 or later (x64compatible). The slow suite compiles it with Inno Setup
; 6.4.1 and installs, upgrades and uninstalls it under Wine on Linux, with a stand-in bundle
; (tests/installers/test_windows_installer.py); the frozen app itself needs a Windows machine.
;
; What it does, all inside the user's own profile (a locked-down municipal laptop allows that):
; - installs to %LOCALAPPDATA%\Programs\Stuurwijzer (what Windows calls {userpf});
; - a start-menu shortcut, and a desktop shortcut if the user ticks the box;
; - .stuurwijzer files open in Stuurwijzer (HKCU\Software\Classes);
; - the uninstaller removes the program folder and those registry keys, and nothing else:
;   projects stay wherever the user saved them, settings and recovery copies stay in
;   %LOCALAPPDATA%\Stuurwijzer. Inno Setup removes the files it installed and the folder if it
;   is empty; a project the user saved in the program folder would stay too.

#ifndef AppVersion
  #error Build with build_scripts\build_windows.ps1, which defines AppVersion and the paths.
#endif

#define AppName "Stuurwijzer"
#define AppExe "stuurwijzer.exe"
#define ProgId "Stuurwijzer.Project"

[Setup]
; AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{D16CDAE8-91A2-4142-8047-CE618321B855}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
AppCopyright=EUPL-1.2
VersionInfoVersion={#AppVersionNumeric}
PrivilegesRequired=lowest
; {localappdata}\Programs is where Windows puts {userpf} (the per-user Program Files); Wine has
; no such known folder and Setup would stop with "Failed to expand shell folder constant".
DefaultDirName={localappdata}\Programs\{#AppName}
DisableProgramGroupPage=yes
DefaultGroupName={#AppName}
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
CloseApplications=yes
SetupIconFile={#RootDir}\resources\icons\stuurwijzer.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
ShowLanguageDialog=no
Compression=lzma2
SolidCompression=yes
OutputDir={#OutputDir}
OutputBaseFilename=Stuurwijzer-{#AppVersion}-installatie

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: no libraries of the previous version stay behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Van beleidsvraag naar rapport"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The file type, for this user only. uninsdeletekey removes only our own ProgID key; the
; extension's keys go only when no other program left a value there (uninsdeletekeyifempty).
Root: HKCU; Subkey: "Software\Classes\.stuurwijzer"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.stuurwijzer\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Stuurwijzer-project"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
