namespace AccountExit.Web.Startup;

/// <summary>
/// A setting that stops the start: its message names the setting and what is wrong, and is all the operator sees
/// (Program prints it without a stack trace and exits 1).
/// </summary>
public sealed class SettingException(string message, Exception? inner = null) : Exception(message, inner);
