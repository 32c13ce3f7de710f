from .launch import run

# Guarded: `drafter serve` starts its render workers with multiprocessing's spawn, which
# imports this module again in each worker as __mp_main__; it must not run the CLI there.
if __name__ == "__main__":
    run()
