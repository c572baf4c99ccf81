#!/usr/bin/python3
"""Drive real Chromium (chromedriver, on the X display of the caller: Xvfb in the test)
to the Selvbetjening confirmation link the wizard showed, log in as the first test
person, give the e-mail address the portal asks for, press «Bekreft», and wait for the portal's redirect to reach the wizard's
loopback. No certificate is trusted or ignored: the link is plain HTTP on 127.0.0.1.

Usage: chromium-bekreft.py URL PROFILE_DIR. Prints one line per page; exit 0 when the
loopback answered, 1 otherwise (a certificate interstitial fails the first page)."""
import sys
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC

url, profile = sys.argv[1], sys.argv[2]
opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
opts.add_argument("--user-data-dir=" + profile)
opts.add_argument("--no-first-run")
opts.add_argument("--no-default-browser-check")
# A container has no user namespaces for Chromium's sandbox; TLS is untouched.
opts.add_argument("--no-sandbox")
opts.add_argument("--disable-dev-shm-usage")
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
wait = WebDriverWait(driver, 30)
rc = 1
try:
    driver.get(url)
    button = wait.until(EC.element_to_be_clickable((By.XPATH, "//button[normalize-space()='Logg inn']")))
    print("login page: %s (%s)" % (driver.title, driver.current_url.split("?")[0]))
    button.click()
    bekreft = wait.until(EC.element_to_be_clickable((By.XPATH, "//button[normalize-space()='Bekreft']")))
    print("confirmation page: %s" % driver.title)
    driver.find_element(By.ID, "email").send_keys("post@legekontor.example")
    bekreft.click()
    wait.until(lambda d: d.current_url.startswith("http://127.0.0.1:") and "status=" in d.current_url)
    print("redirected to the loopback: %s" % driver.current_url.split("?")[0])
    print("loopback page: %s" % driver.find_element(By.TAG_NAME, "body").text.splitlines()[0])
    rc = 0
except Exception as e:  # the page as it was, for the test's log
    print("failed: %s" % type(e).__name__)
    print("at %s: %s" % (driver.current_url, driver.find_element(By.TAG_NAME, "body").text[:300]))
finally:
    driver.quit()
sys.exit(rc)
