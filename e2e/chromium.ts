// Debian's Chromium, as every browser run here launches it: `playwright install` cannot download browsers on these
// machines, and without the background-networking flags Chromium keeps dialling hosts the network refuses.
export const chromiumLaunchOptions = {
  executablePath: process.env.E2E_CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
