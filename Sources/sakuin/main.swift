import Sakuin
print(ICUVersion.current)
