import sys

from training.fit import main

sys.exit(main())
